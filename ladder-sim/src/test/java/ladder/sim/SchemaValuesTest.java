package ladder.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SchemaValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> SCHEMAS = List.of("""
            {"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1,"maximum":7}},
             "required":["city","days"],"additionalProperties":false}
            """, """
            {"type":"object","properties":{
              "unit":{"type":"string","enum":["celsius","fahrenheit"]},
              "score":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},
              "tags":{"type":"array","items":{"type":"string","minLength":3,"maxLength":5},"minItems":2,"maxItems":4},
              "ok":{"type":"boolean"},
              "note":{"type":["string","null"]}},
             "required":["unit","score","tags"]}
            """, """
            {"type":"object","$defs":{"step":{"type":"object","properties":{"name":{"type":"string"},
               "next":{"$ref":"#/$defs/step"}},"required":["name"]}},
             "properties":{"plan":{"$ref":"#/$defs/step"},"choice":{"anyOf":[{"type":"integer","minimum":10},{"type":"null"}]}},
             "required":["plan"]}
            """, """
            {"type":"object","properties":{"items":{"type":"array","items":{"type":"object",
               "properties":{"id":{"type":"integer"},"label":{"type":"string","format":"uuid"}},"required":["id"]}}}}
            """);

    @Provide
    Arbitrary<String> schemas() {
        return Arbitraries.of(SCHEMAS);
    }

    @Property(tries = 200)
    void generate_anySeed_validatesAgainstTheSchema(@ForAll("schemas") String schemaText, @ForAll long seed)
            throws Exception {
        JsonNode schema = JSON.readTree(schemaText);

        JsonNode value = SchemaValues.generate(schema, new Random(seed));

        assertThat(SchemaCheck.problems(schema, value)).isEmpty();
    }

    @Property(tries = 100)
    void generateInvalid_schemaWithRequired_breaksTheSchema(@ForAll("schemas") String schemaText, @ForAll long seed)
            throws Exception {
        JsonNode schema = JSON.readTree(schemaText);
        if (!schema.has("required")) {
            return;
        }

        JsonNode value = SchemaValues.generateInvalid(schema, new Random(seed));

        assertThat(SchemaCheck.problems(schema, value)).isNotEmpty();
    }

    @Test
    void generateInvalid_noRequired_givesAPropertyTheWrongType() throws Exception {
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}");

        JsonNode value = SchemaValues.generateInvalid(schema, new Random(1));

        assertThat(value.get("n").isTextual()).isTrue();
    }

    @Test
    void generate_sameSeed_sameValue() throws Exception {
        JsonNode schema = JSON.readTree(SCHEMAS.get(1));

        assertThat(SchemaValues.generate(schema, new Random(7)))
                .isEqualTo(SchemaValues.generate(schema, new Random(7)));
    }
}
