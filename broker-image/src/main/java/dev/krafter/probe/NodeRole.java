package dev.krafter.probe;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The KRaft roles a node runs, from {@code process.roles}. */
public enum NodeRole {
    BROKER,
    CONTROLLER;

    /** Parses a {@code process.roles} value such as {@code "broker,controller"}. */
    public static Set<NodeRole> parse(String processRoles) {
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        if (processRoles == null) {
            return roles;
        }
        for (String role : processRoles.split(",")) {
            String trimmed = role.trim();
            if (!trimmed.isEmpty()) {
                roles.add(NodeRole.valueOf(trimmed.toUpperCase(Locale.ROOT)));
            }
        }
        return roles;
    }
}
