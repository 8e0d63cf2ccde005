package ladder.app.price;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ladder.app.CliRun;
import ladder.app.Main;
import ladder.testkit.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Runs {@code ladder cost} and {@code ladder prices} in-process and checks exactly what the user sees. */
class CostCommandTest {

    private static final FakeClock CLOCK = FakeClock.at("2026-07-01T00:00:00Z");
    private static final String SONNET_USAGE =
            "{\"input_tokens\": 3, \"cache_creation_input_tokens\": 12304, \"cache_read_input_tokens\": 0,"
                    + " \"output_tokens\": 550}";

    @TempDir
    Path dir;

    static CliRun cost(String stdin, String... args) {
        return CliRun.of(
                new CostCommand(CLOCK, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
    }

    static CliRun prices(String... args) {
        return CliRun.of(new PricesCommand(CLOCK), args);
    }

    @Test
    void cost_stdin_printsTotalAndLineItems() {
        CliRun run = cost(SONNET_USAGE, "--model", "claude-sonnet-4-6");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                model          claude-sonnet-4-6
                price version  anthropic/claude-sonnet-4-6@2026-02-17 (at 2026-07-01T00:00:00Z)
                batch          no
                long context   no
                  input                       3 tokens          $0.000009
                  cache_write_5m          12304 tokens           $0.04614
                  output                    550 tokens           $0.00825
                total          $0.054399
                """);
    }

    @Test
    void cost_json_totalIsAnExactDecimalString() throws IOException {
        Path usage = Files.writeString(
                dir.resolve("usage.json"),
                "{\"input_tokens\": 6, \"cache_creation_input_tokens\": 159217, \"output_tokens\": 2745}");

        CliRun run = cost("", "--model", "anthropic.claude-opus-4-8", "--json", usage.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("\"total_usd\" : \"1.06376125\"")
                .contains("\"total_nanos\" : 1063761250")
                .contains("\"model\" : \"claude-opus-4-8\"")
                .contains("\"requested_model\" : \"anthropic.claude-opus-4-8\"")
                .contains("\"price_version\" : \"anthropic/claude-opus-4-8@2026-05-28\"");
    }

    @Test
    void cost_batchFlagOrBatchServiceTier_halvesEveryClass() {
        CliRun flag = cost(SONNET_USAGE, "--model", "claude-sonnet-4-6", "--batch");
        CliRun tier = cost(SONNET_USAGE.replace("}", ", \"service_tier\": \"batch\"}"), "--model", "claude-sonnet-4-6");

        assertThat(flag.out()).contains("total          $0.0271995").contains("batch          yes");
        assertThat(tier.out()).isEqualTo(flag.out());
    }

    @Test
    void cost_atBeforeAPriceChange_usesTheOldVersion() throws IOException {
        CliRun before = cost(
                SONNET_USAGE,
                "--model",
                "claude-sonnet-4-6",
                "--catalog",
                Path.of("..", "examples", "catalog.yaml").toString(),
                "--at",
                "2026-06-30");
        CliRun after = cost(
                SONNET_USAGE,
                "--model",
                "acme-sonnet",
                "--catalog",
                Path.of("..", "examples", "catalog.yaml").toString(),
                "--at",
                "2026-07-01T00:00:00Z");

        assertThat(before.out())
                .contains("anthropic/claude-sonnet-4-6@2026-02-17")
                .contains("$0.054399");
        // 3 x 2.70 + 12304 x 3.375 + 550 x 13.50, per MTok
        assertThat(after.out()).contains("acme/claude-sonnet-4-6@2026-07-01").contains("total          $0.0489591");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"input_tokens": 3,                                  | ladder cost: <stdin>: malformed JSON at line 1, column 20: Unexpected end-of-input within/between Object entries
            {"input_tokens": -3, "output_tokens": 1}             | ladder cost: <stdin>: usage.input_tokens must be a non-negative integer, got -3
            {"output_tokens": 1}                                 | ladder cost: <stdin>: usage.input_tokens is missing; expected a non-negative integer
            {"input_tokens": 1, "output_tokens": 1, "cache_creation_input_tokens": 10, "cache_creation": {"ephemeral_5m_input_tokens": 4, "ephemeral_1h_input_tokens": 5}} | ladder cost: <stdin>: cache_creation.ephemeral_5m_input_tokens (4) + cache_creation.ephemeral_1h_input_tokens (5) = 9, but cache_creation_input_tokens is 10
            ''                                                   | ladder cost: <stdin>: no JSON found: expected a usage object such as {"input_tokens": 3, "output_tokens": 550}
            """)
    void cost_badUsage_exitsNonZeroWithOneClearLine(String stdin, String message) {
        CliRun run = cost(stdin, "--model", "claude-haiku-4-5");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(message + System.lineSeparator());
    }

    @Test
    void cost_unknownModel_isUnpricedNeverZero() {
        CliRun run = cost(SONNET_USAGE, "--model", "gpt-4o");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("ladder cost: model 'gpt-4o' is unpriced at 2026-07-01T00:00:00Z: not in the price"
                        + " catalog (see 'ladder prices'; add it with --catalog FILE)"
                        + System.lineSeparator());
    }

    @Test
    void cost_missingFile_namesIt() {
        CliRun run =
                cost("", "--model", "claude-haiku-4-5", dir.resolve("nope.json").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("ladder cost: " + dir.resolve("nope.json") + ": no such file" + System.lineSeparator());
    }

    @Test
    void cost_badAt_saysWhatIsValid() {
        CliRun run = cost(SONNET_USAGE, "--model", "claude-haiku-4-5", "--at", "last tuesday");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("ladder cost: --at: 'last tuesday' is not a date (2026-07-01) or an ISO instant"
                        + " (2026-07-01T12:00:00Z)" + System.lineSeparator());
    }

    @Test
    void cost_badCatalog_printsEveryProblem() throws IOException {
        Path catalog = Files.writeString(
                dir.resolve("c.yaml"), "models:\n  - id: x\n    tier: small\n    input: 1\n    output: nope\n");

        CliRun run = cost(SONNET_USAGE, "--model", "x", "--catalog", catalog.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("ladder cost: " + catalog + ":2: models[0] (x): effective-from: is required; expected a"
                        + " date such as 2026-07-01 or an ISO instant" + System.lineSeparator()
                        + "ladder cost: " + catalog + ":5: models[0] (x): output: must be a dollar amount such as"
                        + " \"3.75\", got \"nope\"" + System.lineSeparator());
    }

    @Test
    void cost_withoutModel_isAUsageError() {
        CliRun run = cost(SONNET_USAGE);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required option: '--model=MODEL'");
    }

    @Test
    void prices_check_printsEveryProblemAndExitsNonZero() throws IOException {
        Path catalog = Files.writeString(
                dir.resolve("c.yaml"),
                "models:\n  - id: x\n    tier: tiny\n    input: 1\n    output: 5\n"
                        + "    effective-from: 2026-01-01\n    colour: red\n");

        CliRun run = prices("--check", catalog.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("ladder prices: " + catalog + ":3: models[0] (x): tier: unknown tier 'tiny'; valid tiers"
                        + " are small, medium, large, frontier" + System.lineSeparator()
                        + "ladder prices: " + catalog + ":7: models[0] (x): colour: unknown field; valid fields are"
                        + " id, tier, aliases, effective-from, effective-to, input, output, cache-write-5m,"
                        + " cache-write-1h, cache-read, batch-factor, context-window, long-context,"
                        + " web-search-per-request, web-fetch-per-request, source" + System.lineSeparator()
                        + "ladder prices: 2 problems in " + catalog + System.lineSeparator());
    }

    @Test
    void prices_checkExample_isOk() {
        Path example = Path.of("..", "examples", "catalog.yaml");

        CliRun run = prices("--check", example.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(example + ": ok" + System.lineSeparator());
    }

    @Test
    void prices_table_listsModelsInForceWithRatesAndVersion() {
        CliRun run = prices("--at", "2026-07-01");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .startsWith("Prices in force at 2026-07-01T00:00:00Z (catalog anthropic@2026-06-09)")
                .containsPattern("claude-haiku-4-5 +small +1\\.00 +5\\.00 +1\\.25 +2\\.00 +0\\.10 +x0\\.5 +200K")
                .containsPattern("claude-fable-5 +frontier +10\\.00 +50\\.00 +12\\.50 +20\\.00 +1\\.00 +x0\\.5 +1M")
                .containsPattern(
                        "claude-sonnet-4-5 .*>200K: in x2, out x1\\.5 +anthropic/claude-sonnet-4-5@2025-09-29");
    }

    @Test
    void prices_json_viaMain_isRegisteredAndExact() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(new StringWriter(), true));

        int exit = cli.execute("prices", "--at", "2026-07-01", "--json");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("\"catalog_version\" : \"anthropic@2026-06-09\"")
                .contains("\"id\" : \"claude-3-haiku-20240307\"")
                .contains("\"cache_read_usd_per_mtok\" : \"0.03\"")
                .contains("\"batch_factor\" : \"0.5\"");
        assertThat(cli.getSubcommands()).containsKeys("prices", "cost");
    }
}
