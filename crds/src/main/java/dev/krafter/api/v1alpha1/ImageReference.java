package dev.krafter.api.v1alpha1;

/**
 * The grammar of a container image reference, as github.com/distribution/reference defines it (what the kubelet
 * parses): {@code [domain[:port]/]path[/path...][:tag][@digest]}, for spec.image's schema pattern. The API server
 * enforces it with Go's RE2, so only constructs Java and RE2 read alike are used.
 */
final class ImageReference {
    private static final String ALPHANUMERIC = "[a-z0-9]+";
    /** One period, one or two underscores, or any number of dashes. */
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";

    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    private static final String IPV6 = "\\[[a-fA-F0-9:]+\\]";
    private static final String DOMAIN = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    static final String PATTERN = "^" + NAME + "(?::" + TAG + ")?(?:@" + DIGEST + ")?$";

    private ImageReference() {}
}
