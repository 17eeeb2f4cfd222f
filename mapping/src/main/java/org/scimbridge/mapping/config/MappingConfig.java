package org.scimbridge.mapping.config;

import java.util.List;
import java.util.Optional;

import org.scimbridge.mapping.roles.RoleRule;

/**
 * The whole mapping of one deployment, as loaded from a mapping YAML file by {@link MappingLoader}.
 *
 * @param source  the file it came from, for messages
 * @param users   the User mapping (required)
 * @param groups  the Group mapping, when the deployment maps groups
 * @param roles   the group-to-role rules in file order; empty when the file has no {@code roles} key
 */
public record MappingConfig(String source, ResourceMapping users, Optional<ResourceMapping> groups, List<RoleRule> roles) {

    /** Copies the role rules. */
    public MappingConfig {
        roles = List.copyOf(roles);
    }

    /** A mapping without role rules. */
    public MappingConfig(String source, ResourceMapping users, Optional<ResourceMapping> groups) {
        this(source, users, groups, List.of());
    }
}
