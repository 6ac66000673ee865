package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppliedReset {
    @JsonPropertyDescription("spec.offsetReset.id that was applied.")
    private String id;

    @JsonPropertyDescription("When it was applied (RFC 3339).")
    private String time;

    @JsonPropertyDescription("What moved, for example '6 partitions of orders: lag 1200 -> 0'.")
    private String summary;

    public AppliedReset() {}

    public AppliedReset(String id, String time, String summary) {
        this.id = id;
        this.time = time;
        this.summary = summary;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }
}
