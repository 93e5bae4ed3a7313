package academy.pipeline.standalone.deploy;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** This repository's root folder and what its Maven poms declare. */
public final class Repository {

    private Repository() {
    }

    /** The repository root: the nearest folder above the working directory holding {@code mvnw} and a reactor pom. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    /** The reactor's {@code <modules>}. */
    public static List<String> modules(Path root) throws Exception {
        return childTexts(child(pom(root.resolve("pom.xml")), "modules"), "module");
    }

    /** The root pom's own {@code <version>}. */
    public static String version(Path root) throws Exception {
        return child(pom(root.resolve("pom.xml")), "version").getTextContent().trim();
    }

    /** A {@code <properties>} value of the root pom. */
    public static String property(Path root, String name) throws Exception {
        return child(child(pom(root.resolve("pom.xml")), "properties"), name).getTextContent().trim();
    }

    /**
     * Whether the module's build repackages an executable jar with the reactor's {@code exec} classifier: it
     * declares spring-boot-maven-plugin without overriding the classifier (standalone does, to ship a plain jar).
     */
    public static boolean buildsExecJar(Path moduleDir) throws Exception {
        Element build = child(pom(moduleDir.resolve("pom.xml")), "build");
        if (build == null) {
            return false;
        }
        NodeList plugins = build.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("spring-boot-maven-plugin".equals(child(plugin, "artifactId").getTextContent().trim())) {
                return plugin.getElementsByTagName("classifier").getLength() == 0;
            }
        }
        return false;
    }

    /**
     * A {@code <dependency>} a module's pom declares.
     *
     * @param scope    {@code compile} when not given
     * @param optional {@code <optional>true</optional>}: not passed on to modules that depend on this one
     */
    public record Dependency(String groupId, String artifactId, String scope, boolean optional) {

        /** Whether it is on the runtime classpath (and so belongs in an executable jar). */
        public boolean runtime() {
            return scope.equals("compile") || scope.equals("runtime");
        }
    }

    /** The {@code <dependencies>} of a module's pom (not its {@code <dependencyManagement>}). */
    public static List<Dependency> dependencies(Path moduleDir) throws Exception {
        Element dependencies = child(pom(moduleDir.resolve("pom.xml")), "dependencies");
        List<Dependency> declared = new ArrayList<>();
        if (dependencies == null) {
            return declared;
        }
        for (Node node = dependencies.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element dependency && dependency.getTagName().equals("dependency")) {
                Element scope = child(dependency, "scope");
                Element optional = child(dependency, "optional");
                declared.add(new Dependency(child(dependency, "groupId").getTextContent().trim(),
                        child(dependency, "artifactId").getTextContent().trim(),
                        scope == null ? "compile" : scope.getTextContent().trim(),
                        optional != null && optional.getTextContent().trim().equals("true")));
            }
        }
        return declared;
    }

    /** The reactor's own groupId (the root pom's). */
    public static String groupId(Path root) throws Exception {
        return child(pom(root.resolve("pom.xml")), "groupId").getTextContent().trim();
    }

    private static Element pom(Path file) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static List<String> childTexts(Element parent, String name) {
        List<String> texts = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                texts.add(element.getTextContent().trim());
            }
        }
        return texts;
    }
}
