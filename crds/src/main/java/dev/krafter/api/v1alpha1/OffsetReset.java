package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;

/** The same strategies as kafka-consumer-groups.sh --reset-offsets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OffsetReset {
    public enum Strategy {
        /** --to-earliest */
        @JsonProperty("earliest")
        EARLIEST,
        /** --to-latest */
        @JsonProperty("latest")
        LATEST,
        /** --to-datetime: the first offset at or after the time in value (RFC 3339 or epoch milliseconds). */
        @JsonProperty("timestamp")
        TIMESTAMP,
        /** --to-offset: the offset in value, clamped to the retained log. */
        @JsonProperty("offset")
        OFFSET,
        /** --shift-by: the committed offset moved by value (negative goes back), clamped to the retained log. */
        @JsonProperty("shiftBy")
        SHIFT_BY
    }

    @Required
    @Pattern("^[A-Za-z0-9._-]{1,63}$")
    @JsonPropertyDescription("Identifies this request. A reset is applied once per id: change the id to reset again.")
    private String id;

    @Required
    @JsonPropertyDescription("earliest, latest, timestamp, offset or shiftBy.")
    private Strategy to;

    @SchemaFrom(type = IntOrString.class)
    @JsonPropertyDescription(
            "For timestamp: RFC 3339 time or epoch milliseconds. For offset: the offset. For shiftBy: a signed number of messages.")
    private String value;

    @JsonPropertyDescription("Topics to reset; every topic the group has offsets for when empty.")
    private List<String> topics = new ArrayList<>();

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public Strategy getTo() {
        return to;
    }

    public void setTo(Strategy to) {
        this.to = to;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public List<String> getTopics() {
        return topics;
    }

    public void setTopics(List<String> topics) {
        this.topics = topics;
    }
}
