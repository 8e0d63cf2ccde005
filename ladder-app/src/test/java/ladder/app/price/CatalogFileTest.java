package ladder.app.price;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import ladder.core.ModelId;
import ladder.core.Tier;
import ladder.core.price.DefaultPriceCatalog;
import ladder.core.price.LongContextRule;
import ladder.core.price.ModelPrice;
import ladder.core.price.PriceCatalog;
import org.junit.jupiter.api.Test;

class CatalogFileTest {

    private static final PriceCatalog BASE = DefaultPriceCatalog.get();

    @Test
    void load_exampleCatalog_isValidAndOverridesFromItsDate() {
        CatalogFile.Loaded loaded = CatalogFile.load(Path.of("..", "examples", "catalog.yaml"), BASE);

        assertThat(loaded.problems()).isEmpty();
        PriceCatalog catalog = loaded.catalog().orElseThrow();
        ModelPrice sonnet = catalog.find(ModelId.of("acme-sonnet"), Instant.parse("2026-07-01T00:00:00Z"))
                .orElseThrow();
        assertThat(sonnet.versionId()).isEqualTo("acme/claude-sonnet-4-6@2026-07-01");
        assertThat(sonnet.inputNanosPerMTok()).isEqualTo(2_700_000_000L);
        assertThat(sonnet.cacheWrite5mNanosPerMTok()).isEqualTo(3_375_000_000L);
        assertThat(sonnet.contextWindow()).isEqualTo(1_000_000); // kept from the built-in entry
        assertThat(catalog.find(ModelId.SONNET_4_6, Instant.parse("2026-06-30T23:59:59Z"))
                        .orElseThrow()
                        .versionId())
                .isEqualTo("anthropic/claude-sonnet-4-6@2026-02-17");
        ModelPrice ft = catalog.find(ModelId.of("acme-haiku-ft-1"), Instant.parse("2026-07-01T00:00:00Z"))
                .orElseThrow();
        assertThat(ft.longContext()).isInstanceOf(LongContextRule.Premium.class);
        assertThat(catalog.find(ModelId.of("acme-haiku-ft-1"), Instant.parse("2027-01-01T00:00:00Z")))
                .isEmpty();
        assertThat(catalog.tierDefaults()).containsEntry(Tier.SMALL, ModelId.HAIKU_4_5);
    }

    @Test
    void parse_everyProblem_isReportedWithFileLineEntryAndField() {
        String yaml = """
                models:
                  - id: claude-sonnet-4-6
                    tier: huge
                    input: "abc"
                    output: -1
                    effective-from: yesterday
                    colour: blue
                  - tier: small
                    input: 1
                    output: 5
                    effective-from: 2026-01-01
                    long-context:
                      threshold-input-tokens: 0
                      input-factor: x
                  - id: odd
                    tier: small
                    input: "0.000000003"
                    output: 1
                    effective-from: 2026-01-01
                tier-defaults:
                  medium: nope-model
                  giant: claude-opus-4-8
                """;

        List<String> problems = CatalogFile.parse("bad.yaml", yaml, BASE).problems().stream()
                .map(CatalogProblem::toString)
                .toList();

        assertThat(problems)
                .containsExactly(
                        "bad.yaml:3: models[0] (claude-sonnet-4-6): tier: unknown tier 'huge'; valid tiers are"
                                + " small, medium, large, frontier",
                        "bad.yaml:4: models[0] (claude-sonnet-4-6): input: must be a dollar amount such as \"3.75\","
                                + " got \"abc\"",
                        "bad.yaml:5: models[0] (claude-sonnet-4-6): output: must be >= 0, got -1",
                        "bad.yaml:6: models[0] (claude-sonnet-4-6): effective-from: must be a date such as 2026-07-01"
                                + " or an ISO instant such as 2026-07-01T00:00:00Z, got 'yesterday'",
                        "bad.yaml:7: models[0] (claude-sonnet-4-6): colour: unknown field; valid fields are id, tier,"
                                + " aliases, effective-from, effective-to, input, output, cache-write-5m,"
                                + " cache-write-1h, cache-read, batch-factor, context-window, long-context,"
                                + " web-search-per-request, web-fetch-per-request, source",
                        "bad.yaml:8: models[1]: id: is required; expected a non-blank string",
                        "bad.yaml:12: models[1]: long-context.output-factor: is required; expected a decimal factor"
                                + " such as \"1.5\"",
                        "bad.yaml:13: models[1]: long-context.threshold-input-tokens: must be a positive whole number"
                                + " of tokens, got 0",
                        "bad.yaml:14: models[1]: long-context.input-factor: must be a decimal factor such as \"0.5\","
                                + " got \"x\"",
                        "bad.yaml:15: models[2] (odd): cache-write-5m as 1.25 x input (3 nano-dollars/MTok) is not a"
                                + " whole nano-dollar per MTok; give cache-write-5m explicitly",
                        "bad.yaml:21: tier-defaults.medium: unknown model 'nope-model'; list it under models or use a"
                                + " built-in id",
                        "bad.yaml:22: tier-defaults.giant: unknown tier 'giant'; valid tiers are small, medium,"
                                + " large, frontier");
    }

    @Test
    void parse_overlappingVersionsInTheFile_isAProblemNamingBoth() {
        String yaml = """
                models:
                  - {id: m, tier: small, input: 1, output: 5, effective-from: 2026-01-01}
                  - {id: m, tier: small, input: 2, output: 5, effective-from: 2026-03-01}
                """;

        assertThat(CatalogFile.parse("c.yaml", yaml, BASE).problems())
                .extracting(CatalogProblem::toString)
                .containsExactly("c.yaml:1: models: user: two prices for m overlap in time: user/m@2026-01-01 and"
                        + " user/m@2026-03-01");
    }

    @Test
    void parse_invalidYaml_namesTheLine() {
        assertThat(CatalogFile.parse("c.yaml", "models:\n  - id: a\n    id: b\n", BASE)
                        .problems())
                .extracting(CatalogProblem::toString)
                .singleElement()
                .asString()
                .startsWith("c.yaml:3: not valid YAML: Duplicate field 'id'");
    }

    @Test
    void parse_notAMapping_saysWhatIsExpected() {
        assertThat(CatalogFile.parse("c.yaml", "- 1\n- 2\n", BASE).problems())
                .extracting(CatalogProblem::toString)
                .containsExactly("c.yaml:1: expected a mapping with a 'models' list at the top");
    }

    @Test
    void load_missingFile_isAProblemNotAnException() {
        assertThat(CatalogFile.load(Path.of("no-such-dir", "nope.yaml"), BASE).problems())
                .extracting(CatalogProblem::toString)
                .containsExactly(Path.of("no-such-dir", "nope.yaml") + ": cannot read the file: no such file");
    }
}
