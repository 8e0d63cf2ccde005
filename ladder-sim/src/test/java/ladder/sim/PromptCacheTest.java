package ladder.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import ladder.testkit.FakeClock;
import org.junit.jupiter.api.Test;

class PromptCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "claude-sonnet-4-6";
    private static final int MIN = 1024;
    private static final String BIG = "x".repeat(8_000);

    private final FakeClock clock = FakeClock.at("2026-11-01T00:00:00Z");
    private final PromptCache cache = new PromptCache(clock);

    /** A request with a cached system prompt and, optionally, a second breakpoint on the user turn. */
    private static JsonNode request(String system, String ttl, String user, boolean userBreakpoint) {
        ObjectNode r = JSON.createObjectNode();
        ArrayNode sys = r.putArray("system");
        ObjectNode block = sys.addObject().put("type", "text").put("text", system);
        ObjectNode cc = block.putObject("cache_control").put("type", "ephemeral");
        if (!ttl.isEmpty()) {
            cc.put("ttl", ttl);
        }
        ObjectNode message = r.putArray("messages").addObject().put("role", "user");
        ObjectNode text =
                message.putArray("content").addObject().put("type", "text").put("text", user);
        if (userBreakpoint) {
            text.putObject("cache_control").put("type", "ephemeral");
        }
        return r;
    }

    private PromptCache.Accounting account(JsonNode request) {
        return cache.account(MODEL, PromptLayout.of(request, JSON), MIN);
    }

    @Test
    void account_firstCall_writesThePrefixAndBillsTheRestAsInput() {
        JsonNode r = request(BIG, "", "hello", false);
        PromptLayout layout = PromptLayout.of(r, JSON);

        PromptCache.Accounting a = account(r);

        assertThat(a.cacheReadTokens()).isZero();
        assertThat(a.cacheWrite5mTokens()).isEqualTo(layout.blocks().getFirst().tokens());
        assertThat(a.totalTokens()).isEqualTo(layout.totalTokens());
        assertThat(a.inputTokens()).isEqualTo(layout.blocks().getLast().tokens());
    }

    @Test
    void account_repeatWithinTtl_readsTheSameTokens() {
        PromptCache.Accounting first = account(request(BIG, "", "hello", false));
        clock.advance(Duration.ofMinutes(4));

        PromptCache.Accounting second = account(request(BIG, "", "a different question", false));

        assertThat(second.cacheReadTokens()).isEqualTo(first.cacheWrite5mTokens());
        assertThat(second.cacheCreationTokens()).isZero();
    }

    @Test
    void account_readRefreshesTtl() {
        account(request(BIG, "", "hello", false));
        clock.advance(Duration.ofMinutes(4));
        account(request(BIG, "", "hello", false));
        clock.advance(Duration.ofMinutes(4));

        assertThat(account(request(BIG, "", "hello", false)).cacheReadTokens()).isPositive();
    }

    @Test
    void account_afterFiveMinutes_missesAndWritesAgain() {
        account(request(BIG, "", "hello", false));
        clock.advance(Duration.ofMinutes(5));

        PromptCache.Accounting later = account(request(BIG, "", "hello", false));

        assertThat(later.cacheReadTokens()).isZero();
        assertThat(later.cacheWrite5mTokens()).isPositive();
    }

    @Test
    void account_oneHourTtl_survivesTenMinutesAndIsSplitAs1h() {
        PromptCache.Accounting first = account(request(BIG, "1h", "hello", false));
        clock.advance(Duration.ofMinutes(10));

        PromptCache.Accounting later = account(request(BIG, "1h", "hello", false));

        assertThat(first.cacheWrite1hTokens()).isPositive();
        assertThat(first.cacheWrite5mTokens()).isZero();
        assertThat(later.cacheReadTokens()).isEqualTo(first.cacheWrite1hTokens());
    }

    @Test
    void account_oneByteChanged_misses() {
        account(request(BIG, "", "hello", false));

        PromptCache.Accounting changed = account(request(BIG.substring(1) + "y", "", "hello", false));

        assertThat(changed.cacheReadTokens()).isZero();
    }

    @Test
    void account_otherModel_misses() {
        account(request(BIG, "", "hello", false));

        PromptCache.Accounting other =
                cache.account("claude-opus-4-8", PromptLayout.of(request(BIG, "", "hello", false), JSON), MIN);

        assertThat(other.cacheReadTokens()).isZero();
    }

    @Test
    void account_belowMinimum_neitherWritesNorReads() {
        JsonNode small = request("short system prompt", "", "hello", false);

        PromptCache.Accounting first = account(small);
        PromptCache.Accounting second = account(small);

        assertThat(first.cacheCreationTokens()).isZero();
        assertThat(second.cacheReadTokens()).isZero();
        assertThat(second.inputTokens()).isEqualTo(PromptLayout.of(small, JSON).totalTokens());
    }

    @Test
    void account_secondBreakpoint_readsFirstAndWritesOnlyTheTail() {
        PromptCache.Accounting first = account(request(BIG, "", "hello", false));

        JsonNode r = request(BIG, "", "hello again", true);
        PromptCache.Accounting second = account(r);

        assertThat(second.cacheReadTokens()).isEqualTo(first.cacheWrite5mTokens());
        assertThat(second.cacheWrite5mTokens())
                .isEqualTo(PromptLayout.of(r, JSON).blocks().getLast().tokens());
        assertThat(second.inputTokens()).isZero();
    }

    @Test
    void account_breakpointMovedLater_findsEarlierPrefixByLookback() {
        ObjectNode r = (ObjectNode) request(BIG, "", "turn one", true);
        account(r);
        ArrayNode messages = (ArrayNode) r.get("messages");
        ((ObjectNode) messages.get(0).get("content").get(0)).remove("cache_control");
        messages.addObject().put("role", "assistant").put("content", "answer one");
        ObjectNode turn2 = messages.addObject().put("role", "user");
        turn2.putArray("content")
                .addObject()
                .put("type", "text")
                .put("text", "turn two")
                .putObject("cache_control")
                .put("type", "ephemeral");
        ((ObjectNode) r.get("system").get(0)).remove("cache_control");

        PromptCache.Accounting second = account(r);

        PromptLayout layout = PromptLayout.of(r, JSON);
        int prefixThroughTurnOne =
                layout.blocks().get(0).tokens() + layout.blocks().get(1).tokens();
        assertThat(second.cacheReadTokens()).isEqualTo(prefixThroughTurnOne);
        assertThat(second.inputTokens()).isZero();
    }

    @Test
    void account_topLevelCacheControl_marksTheLastBlock() {
        ObjectNode r = JSON.createObjectNode();
        r.put("system", BIG);
        r.putArray("messages").addObject().put("role", "user").put("content", "hello");
        r.putObject("cache_control").put("type", "ephemeral");

        PromptCache.Accounting a = account(r);

        assertThat(a.cacheWrite5mTokens()).isEqualTo(PromptLayout.of(r, JSON).totalTokens());
        assertThat(a.inputTokens()).isZero();
    }

    @Test
    void layout_fiveBreakpoints_isRejected() {
        ObjectNode r = JSON.createObjectNode();
        ArrayNode sys = r.putArray("system");
        for (int i = 0; i < 5; i++) {
            sys.addObject()
                    .put("type", "text")
                    .put("text", "s" + i)
                    .putObject("cache_control")
                    .put("type", "ephemeral");
        }
        r.putArray("messages").addObject().put("role", "user").put("content", "hello");

        assertThatThrownBy(() -> PromptLayout.of(r, JSON))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("maximum of 4");
    }

    @Test
    void layout_toolsComeBeforeSystem() {
        ObjectNode r = (ObjectNode) request(BIG, "", "hello", false);
        r.putArray("tools")
                .addObject()
                .put("name", "t")
                .putObject("input_schema")
                .put("type", "object");

        PromptLayout layout = PromptLayout.of(r, JSON);

        assertThat(layout.blocks().getFirst().canonical()).startsWith("tool:");
        assertThat(layout.blocks().get(1).canonical()).startsWith("system:").doesNotContain("cache_control");
    }
}
