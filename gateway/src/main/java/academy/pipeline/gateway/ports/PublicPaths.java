package academy.pipeline.gateway.ports;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Set;

/** What the public connector serves, and the operator page's static shell (no data in it). */
final class PublicPaths {

    static final String LIVENESS = "/healthz";
    private static final Set<String> INTAKE = Set.of("/zoom-upload", "/manual-upload", "/tusupload");
    private static final String TUS_PREFIX = "/tusupload/";
    private static final Set<String> PAGE_SHELL = Set.of("/", "/index.html", "/operator.css", "/operator.js");
    /** The chart library the page draws with (a WebJar in the gateway jar). */
    private static final String CHART_LIBRARY = "/webjars/uplot/";

    private PublicPaths() {
    }

    /**
     * The path the servlet container resolved: decoded, dot-segments and path parameters removed, so
     * {@code /zoom-upload/../recordings} or {@code /zoom-upload;x/..;/recordings} count as what they reach.
     */
    static String of(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String path = request.getPathInfo() == null ? servletPath : servletPath + request.getPathInfo();
        return path.isEmpty() ? "/" : path;
    }

    static boolean isIntake(String path) {
        return INTAKE.contains(path) || path.startsWith(TUS_PREFIX);
    }

    static boolean isPageShell(HttpServletRequest request, String path) {
        return isRead(request) && (PAGE_SHELL.contains(path) || path.startsWith(CHART_LIBRARY));
    }

    static boolean isRead(HttpServletRequest request) {
        String method = request.getMethod();
        return "GET".equals(method) || "HEAD".equals(method);
    }
}
