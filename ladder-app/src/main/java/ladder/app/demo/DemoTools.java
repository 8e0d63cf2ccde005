package ladder.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The demo agent's tool definitions; the last carries a cache breakpoint so tools are part of the cached prefix. */
final class DemoTools {

    static final List<String> NAMES = List.of("search_docs", "run_sql", "create_ticket", "lookup_account");

    private DemoTools() {}

    static ArrayNode definitions(ObjectMapper json) {
        ArrayNode tools = json.createArrayNode();
        tool(tools, json, "search_docs", "Search the internal knowledge base.", """
                {"type":"object","properties":{"query":{"type":"string"},"top_k":{"type":"integer"}},
                 "required":["query","top_k"]}""");
        tool(tools, json, "run_sql", "Run a read-only SQL query on the analytics replica.", """
                {"type":"object","properties":{"sql":{"type":"string"},"limit":{"type":"integer"}},
                 "required":["sql"]}""");
        tool(tools, json, "create_ticket", "Open a ticket in a queue.", """
                {"type":"object","properties":{"title":{"type":"string"},
                 "priority":{"type":"string","enum":["low","medium","high"]},"body":{"type":"string"}},
                 "required":["title","priority"]}""");
        ObjectNode last = tool(tools, json, "lookup_account", "Fetch an account by id or email.", """
                {"type":"object","properties":{"account":{"type":"string"},"include_billing":{"type":"boolean"}},
                 "required":["account"]}""");
        last.putObject("cache_control").put("type", "ephemeral");
        return tools;
    }

    private static ObjectNode tool(ArrayNode tools, ObjectMapper json, String name, String description, String schema) {
        ObjectNode tool = tools.addObject();
        tool.put("name", name);
        tool.put("description", description);
        try {
            tool.set("input_schema", json.readTree(schema));
        } catch (Exception e) {
            throw new IllegalStateException("bad demo tool schema for " + name, e);
        }
        return tool;
    }
}
