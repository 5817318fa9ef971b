package dev.brickyard.registry.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchWordsTest {
    @Test
    void wordsAreLowerCasedRunsOfLettersAndDigits() {
        assertEquals(List.of("acme", "sentiment", "reviews", "v2", "ünïcode", "über", "²"),
                SearchWords.of("acme/Sentiment-REVIEWS_v2 ÜNÏCODE, (über) ²"));
        assertEquals(List.of(), SearchWords.of(" -- 😀👍🏽 "));
    }

    @Test
    void queriesDropStopWordsButKeepTheirOtherWordsInOrderWithRepeats() {
        assertEquals(List.of("classify", "emails", "urgency"), SearchWords.queryTerms("classify the emails by urgency"));
        assertEquals(List.of("spam", "spam"), SearchWords.queryTerms("is this spam, spam?"));
        assertEquals(List.of("not", "spam"), SearchWords.queryTerms("not spam"), "negations carry meaning");
    }

    @Test
    void aQueryOfOnlyStopWordsKeepsThem() {
        assertEquals(List.of("the", "who"), SearchWords.queryTerms("The Who"));
    }
}
