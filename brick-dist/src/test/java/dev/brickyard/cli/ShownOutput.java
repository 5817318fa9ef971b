package dev.brickyard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the output a tutorial shows against what its commands printed (the rules are in {@link TutorialTest}):
 * the shown non-blank lines are consecutive printed non-blank lines; runs of spaces match runs of spaces, {@code …}
 * any text, integers exactly, and numbers with a decimal point within 2 % or 2 in their last shown digit.
 */
final class ShownOutput {
    private static final String NUMBER = "-?\\d+(?:\\.\\d+)?(?:e[-+]\\d+)?";
    private static final Pattern TOKEN = Pattern.compile("(" + NUMBER + ")|( +)|(…)");

    private ShownOutput() {
    }

    /**
     * Null when the non-blank lines of {@code shown} are consecutive non-blank lines of {@code printed}; otherwise
     * what is wrong.
     */
    static String mismatch(String shown, String printed) {
        List<String> lines = printed.lines().filter(line -> !line.isBlank()).map(String::strip).toList();
        List<Line> expected = shown.lines().filter(line -> !line.isBlank()).map(line -> Line.of(line.strip()))
                .toList();
        int best = 0;
        String firstMissing = expected.isEmpty() ? null : expected.get(0).shown();
        for (int start = 0; start + expected.size() <= lines.size(); start++) {
            int matched = 0;
            while (matched < expected.size() && expected.get(matched).matches(lines.get(start + matched))) {
                matched++;
            }
            if (matched == expected.size()) {
                return null;
            }
            if (matched > best) {
                best = matched;
                firstMissing = expected.get(matched).shown() + "\n  where it printed\n  "
                        + lines.get(start + matched);
            }
        }
        return "the shown lines are not what it printed, line after line; the first that differs:\n  "
                + firstMissing;
    }

    /** One shown line as a pattern, with the numbers it shows. */
    private record Line(String shown, Pattern pattern, List<String> numbers) {
        static Line of(String shown) {
            StringBuilder regex = new StringBuilder();
            List<String> numbers = new ArrayList<>();
            Matcher token = TOKEN.matcher(shown);
            int last = 0;
            while (token.find()) {
                regex.append(Pattern.quote(shown.substring(last, token.start())));
                if (token.group(1) != null) {
                    regex.append("(").append(NUMBER).append(")");
                    numbers.add(token.group(1));
                } else if (token.group(2) != null) {
                    regex.append(" +");
                } else {
                    regex.append(".*?");
                }
                last = token.end();
            }
            regex.append(Pattern.quote(shown.substring(last)));
            return new Line(shown, Pattern.compile(regex.toString()), numbers);
        }

        boolean matches(String printed) {
            Matcher matcher = pattern.matcher(printed);
            if (!matcher.matches()) {
                return false;
            }
            for (int i = 0; i < numbers.size(); i++) {
                if (!close(numbers.get(i), matcher.group(i + 1))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean close(String shown, String printed) {
            if (!shown.contains(".") && !shown.contains("e")) {
                return shown.equals(printed);
            }
            double expected = Double.parseDouble(shown);
            String digits = shown.contains("e") ? shown.substring(0, shown.indexOf('e')) : shown;
            int decimals = digits.contains(".") ? digits.length() - digits.indexOf('.') - 1 : 0;
            double unit = Math.pow(10, -decimals) * (shown.contains("e")
                    ? Math.pow(10, Integer.parseInt(shown.substring(shown.indexOf('e') + 1))) : 1);
            return Math.abs(Double.parseDouble(printed) - expected) <= Math.max(2 * unit, 0.02 * Math.abs(expected));
        }
    }
}
