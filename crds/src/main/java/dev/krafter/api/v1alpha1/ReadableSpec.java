package dev.krafter.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Optional;

/**
 * The base of every spec. A stored spec the Java model cannot hold (an integer beyond the Java field's range, stored
 * before the schema had a maximum) is read as a spec with only {@link #unreadable()} set, by
 * {@link ReadableSpecDeserializer}, instead of failing the informer's whole list or watch: one such object must not stop
 * the operator for every other. Reconcilers check {@link #unreadable()} first and report it on the object. The mark is
 * not serialized: copies of a resource (JOSDK clones each one it hands to a reconciler) keep it through
 * {@link #keepUnreadable}.
 */
public abstract class ReadableSpec {
    @JsonIgnore
    private transient String unreadable;

    /** Why the stored spec could not be read and what to change, for example "spec.x: 3000000000 is out of range: ...". */
    @JsonIgnore
    public Optional<String> unreadable() {
        return Optional.ofNullable(unreadable);
    }

    void markUnreadable(String message) {
        this.unreadable = message;
    }

    /**
     * {@code copy}, a copy of {@code original} made by serializing it, with {@code original}'s mark kept: the mark is
     * not serialized (it is not part of the API), so a copy would otherwise look like an empty, readable spec.
     */
    public static <R> R keepUnreadable(R original, R copy) {
        if (original instanceof CustomResource<?, ?> from
                && copy instanceof CustomResource<?, ?> to
                && from.getSpec() instanceof ReadableSpec fromSpec
                && to.getSpec() instanceof ReadableSpec toSpec) {
            fromSpec.unreadable().ifPresent(toSpec::markUnreadable);
        }
        return copy;
    }
}
