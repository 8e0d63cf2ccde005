package ladder.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallsTest {

    @Test
    void sessionOf_claudeCodeJson_readsSessionId() {
        assertThat(Calls.sessionOf("{\"device_id\":\"ab\",\"account_uuid\":\"\",\"session_id\":\"5f1c-uuid\"}"))
                .contains("5f1c-uuid");
    }

    @Test
    void sessionOf_legacyForm_readsSessionId() {
        assertThat(Calls.sessionOf("user_abc123_account_11111111-2222_session_aaaa-bbbb-cccc"))
                .contains("aaaa-bbbb-cccc");
    }

    @Test
    void sessionOf_plainUserId_isEmpty() {
        assertThat(Calls.sessionOf("user-42")).isEmpty();
        assertThat(Calls.sessionOf("{not json")).isEmpty();
    }
}
