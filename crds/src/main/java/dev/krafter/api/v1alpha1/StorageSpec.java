package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
    public enum Type {
        /** An emptyDir: data is lost when the pod is deleted. For tests and demos. */
        @JsonProperty("ephemeral")
        EPHEMERAL,
        /** A PersistentVolumeClaim per pod. */
        @JsonProperty("persistent")
        PERSISTENT
    }

    @Default("persistent")
    @JsonPropertyDescription("ephemeral (emptyDir) or persistent (a PersistentVolumeClaim per pod).")
    private Type type = Type.PERSISTENT;

    @Default("10Gi")
    @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
    @JsonPropertyDescription("Volume size, for example 100Gi. For ephemeral storage, the emptyDir size limit.")
    private String size = "10Gi";

    @JsonPropertyDescription("StorageClass of the claims; the cluster default when unset.")
    private String storageClass;

    @Default("false")
    @JsonPropertyDescription(
            "Delete a pod's claim when its broker is removed by scale-down or the cluster is deleted. Off by default: data outlives the cluster.")
    private boolean deleteClaim;

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getStorageClass() {
        return storageClass;
    }

    public void setStorageClass(String storageClass) {
        this.storageClass = storageClass;
    }

    public boolean isDeleteClaim() {
        return deleteClaim;
    }

    public void setDeleteClaim(boolean deleteClaim) {
        this.deleteClaim = deleteClaim;
    }
}
