package org.scimbridge.mapping.config;

import java.util.Optional;

/**
 * The whole mapping of one deployment, as loaded from a mapping YAML file by {@link MappingLoader}.
 *
 * @param source  the file it came from, for messages
 * @param users   the User mapping (required)
 * @param groups  the Group mapping, when the deployment maps groups
 */
public record MappingConfig(String source, ResourceMapping users, Optional<ResourceMapping> groups) {
}
