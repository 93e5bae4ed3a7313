package academy.pipeline.gateway.web;

/**
 * The JSON body of every 4xx/5xx the gateway answers.
 *
 * @param error  short machine-readable code, e.g. {@code path_outside_allowed_dirs}
 * @param reason what is wrong, for a human
 */
public record ApiError(String error, String reason) {
}
