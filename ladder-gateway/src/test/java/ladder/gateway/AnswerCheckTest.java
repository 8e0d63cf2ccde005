package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerCheckTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"label\",\"score\"],\"properties\":{"
            + "\"label\":{\"type\":\"string\",\"enum\":[\"spam\",\"ham\"]},\"score\":{\"type\":\"number\"},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"label\":\"spam\",\"score\":0.9}|0",
                "{\"label\":\"spam\",\"score\":1,\"tags\":[\"a\"]}|0",
                "{\"label\":\"eggs\",\"score\":0.9}|1",
                "{\"score\":0.9}|1",
                "{\"label\":\"ham\",\"score\":\"high\"}|1",
                "{\"label\":\"ham\",\"score\":1,\"tags\":[1,\"b\",2]}|2",
                "[]|1"
            })
    void validate_subset_countsViolations(String input, int violations) throws Exception {
        JsonNode schema = RequestFacts.JSON.readTree(SCHEMA);
        List<String> errors = new ArrayList<>();
        AnswerCheck.validate(RequestFacts.JSON.readTree(input), schema, "input", errors);
        assertThat(errors).hasSize(violations);
    }
}
