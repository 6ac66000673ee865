package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Kafka client quotas of a user; an unset quota is not limited (removed from Kafka). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserQuotas {
    @Min(0)
    @Max(9007199254740991.0)
    @JsonPropertyDescription("producer_byte_rate: bytes per second the user may produce, per broker.")
    private Long producerByteRate;

    @Min(0)
    @Max(9007199254740991.0)
    @JsonPropertyDescription("consumer_byte_rate: bytes per second the user may fetch, per broker.")
    private Long consumerByteRate;

    @Min(1)
    @Max(1000000)
    @JsonPropertyDescription(
            "request_percentage: share of request handler and network thread time, in percent of one thread (so up to 100 x (num.io.threads + num.network.threads)).")
    private Integer requestPercentage;

    @Min(0)
    @Max(1000000)
    @JsonPropertyDescription(
            "controller_mutation_rate: partitions per second the user may create or delete (topic creation, partition creation, topic deletion).")
    private Double controllerMutationRate;

    public Long getProducerByteRate() {
        return producerByteRate;
    }

    public void setProducerByteRate(Long producerByteRate) {
        this.producerByteRate = producerByteRate;
    }

    public Long getConsumerByteRate() {
        return consumerByteRate;
    }

    public void setConsumerByteRate(Long consumerByteRate) {
        this.consumerByteRate = consumerByteRate;
    }

    public Integer getRequestPercentage() {
        return requestPercentage;
    }

    public void setRequestPercentage(Integer requestPercentage) {
        this.requestPercentage = requestPercentage;
    }

    public Double getControllerMutationRate() {
        return controllerMutationRate;
    }

    public void setControllerMutationRate(Double controllerMutationRate) {
        this.controllerMutationRate = controllerMutationRate;
    }
}
