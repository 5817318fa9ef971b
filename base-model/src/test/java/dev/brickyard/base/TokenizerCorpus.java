package dev.brickyard.base;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Texts that stress a BERT tokenizer: accents, CJK, many scripts, punctuation of every kind, emoji, odd white space,
 * control and format characters, very long words and texts far past the model's limit. Hand-picked cases plus
 * seeded random mixtures of them, so the corpus is large and always the same.
 */
final class TokenizerCorpus {
    static final List<String> HAND_PICKED = List.of(
            "", " ", "Hello, world!", "The quick brown fox jumps over the lazy dog.",
            "Café déjà vu — naïve coöperation façade résumé", "ÀÉÎÕÜ àéîõü ñ Ñ ç Ç ø Å æ ß ẞ",
            "İstanbul'da ılık bir gün; Ğ ğ Ş ş", "Ελληνικά κείμενα με τόνους: άέήίόύώ",
            "Русский текст: Привет, как дела? Ёлка", "Українська: їжак, ґанок, є",
            "中文文本测试：你好，世界！", "日本語のテキスト、カタカナとひらがな。漢字も。", "한국어 텍스트 테스트입니다.",
            "ภาษาไทยไม่มีช่องว่างระหว่างคำ", "العربية: مرحبا بالعالم!", "עברית: שלום עולם", "हिन्दी पाठ: नमस्ते दुनिया",
            "emoji 😀😃😄 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️", "math ∑∫√∞ ≠ ≤ ≥ ± × ÷ → ⇒ ∀∃", "money $100 €50 £20 ¥1000 ₹500 ₿",
            "quotes “double” ‘single’ «guillemets» „low“ ‹one›", "dashes - – — ― and ellipsis … and bullets • ·",
            "brackets (round) [square] {curly} <angle> 〈CJK〉 【lenticular】", "punct!!!??? ...;;;:::,,, ¡hola! ¿qué?",
            "tabs\tand\nnewlines\r\nand\u000Bvertical\u000Cfeed", "non\u00A0breaking\u2009thin\u3000ideographic\u202Fnarrow",
            "zero\u200Bwidth\u200Cjoiner\u200Dand\uFEFFbom", "soft\u00ADhyphen and control\u0001\u0007\u001F chars",
            "combining e\u0301 a\u0308 o\u0302 n\u0303", "replacement \uFFFD char and null \u0000 char",
            "private use \uE000\uF8FF", "CamelCaseWordsAndALLCAPS and snake_case_words",
            "URLs https://example.com/path?q=1&r=2#frag and mail@example.org",
            "numbers 3.14159 1,000,000 1e-10 0x1F -42 +7 50% 24/7 9:30am",
            "hyphenated-words state-of-the-art well-known e-mail", "apostrophes don't can't won't it's rock'n'roll",
            "a".repeat(99), "b".repeat(100), "c".repeat(101), "supercalifragilisticexpialidocious".repeat(4),
            "word ".repeat(300), "Long text. ".repeat(80), "混合 mixed 文字 text ".repeat(40),
            "🙂".repeat(150), "x".repeat(2000), "unaffable unbelievable antidisestablishmentarianism",
            "Ångström Øresund Ærøskøbing Þórshöfn", "Ǆ ǅ ǆ Ǉ ǈ ǉ ﬁ ﬂ ﬀ", "fullwidth ＡＢＣ１２３！",
            "superscripts x² y³ ½ ¼ ¾ ① ② ③", "Ⅻ Ⅳ roman numerals", "ㄱㄴㄷ jamo and 가각간",
            "Vietnamese: Tiếng Việt có dấu", "Polish: Zażółć gęślą jaźń", "Czech: Příliš žluťoučký kůň",
            "Hungarian: árvíztűrő tükörfúrógép", "Icelandic: Þú ert ágæt", "Yoruba: Ẹ kú àárọ̀",
            "@user #hashtag $TICKER %percent ^caret &amp *star ~tilde `backtick` |pipe| \\backslash/",
            "MiXeD CaSe WiTh NuMbErS 123abc ABC123", "   leading and trailing spaces   ",
            "\u2028line separator\u2029paragraph separator", "Ｈａｌｆ and full ｗｉｄｔｈ",
            "𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐 𝓈𝒸𝓇𝒾𝓅𝓉 math letters", "𠀀𠀁 CJK extension B", "Tamil: வணக்கம்", "Georgian: გამარჯობა",
            "Armenian: Բարեւ", "Amharic: ሰላም", "Khmer: សួស្តី", "Tibetan: བཀྲ་ཤིས", "Mongolian: ᠮᠣᠩᠭᠣᠯ");

    private static final List<String> FRAGMENTS = List.of(
            "the", "quick", "Brown", "FOX", "déjà", "naïve", "Ünïcödé", "中文", "日本", "한국어", "Привет", "Ελλάδα",
            "مرحبا", "שלום", "नमस्ते", "😀", "👍🏽", "🇫🇷", "∑", "€", "…", "—", "“", "”", "'", "\"", "(", ")", "[", "]",
            "!", "?", ".", ",", ";", ":", "-", "_", "/", "\\", "@", "#", "$", "%", "^", "&", "*", "+", "=", "<", ">",
            "~", "`", "|", "{", "}", "123", "3.14", "1,000", "e\u0301", "\u00A0", "\t", "\n", "\u200B", "\u3000",
            "ﬁ", "ẞ", "İ", "ı", "supercalifragilistic", "antidisestablishmentarianism", "xyzzy", "qwertyuiop",
            "brick", "bricks", "modular", "foundation", "model", "OSGi", "ONNX", "LoRA", "semver", "SHA-256",
            "unbelievable", "re-enter", "can't", "won't", "o'clock", "state-of-the-art", "www.example.com",
            "user@example.com", "#tag", "@name", "C++", "C#", ".NET", "Node.js", "3:30pm", "24/7", "50%");

    private TokenizerCorpus() {
    }

    /** The hand-picked cases plus {@code randomCount} seeded mixtures. */
    static List<String> texts(int randomCount) {
        List<String> texts = new ArrayList<>(HAND_PICKED);
        Random random = new Random(20261128);
        for (int i = 0; i < randomCount; i++) {
            int words = 1 + random.nextInt(i % 10 == 0 ? 400 : 30);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                text.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
                if (random.nextInt(4) != 0) {
                    text.append(' ');
                }
            }
            texts.add(text.toString());
        }
        return texts;
    }
}
