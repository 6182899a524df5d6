package dev.noops.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What Maven Central needs of the published poms (parent, BOM, the three libraries) is in the tree:
 * licence, url, SCM, developers, description; the BOM's version is the reactor's and it lists
 * exactly the libraries.
 */
class PublishedPomsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> LIBRARIES =
      List.of("correlation", "config-client", "metrics-from-logs");

  private static Element pom(String module) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document =
        factory.newDocumentBuilder().parse(ROOT.resolve(module).resolve("pom.xml").toFile());
    return document.getDocumentElement();
  }

  private static Element child(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    return null;
  }

  private static String text(Element parent, String... path) {
    Element node = parent;
    for (String name : path) {
      node = node == null ? null : child(node, name);
    }
    return node == null ? null : node.getTextContent().strip();
  }

  private static void assertPublishable(Element pom) {
    assertThat(text(pom, "url")).startsWith("https://github.com/");
    assertThat(text(pom, "licenses", "license", "name")).isEqualTo("Apache-2.0");
    assertThat(text(pom, "scm", "connection")).startsWith("scm:git:");
    assertThat(text(pom, "scm", "url")).isEqualTo(text(pom, "url"));
    assertThat(text(pom, "developers", "developer", "name")).isNotBlank();
    assertThat(text(pom, "description")).isNotBlank();
  }

  @Test
  void the_parent_and_the_bom_carry_the_metadata_central_requires() throws Exception {
    assertPublishable(pom("."));
    assertPublishable(pom("bom"));
    assertThat(Files.readString(ROOT.resolve("LICENSE")))
        .contains("Apache License", "Version 2.0, January 2004");
  }

  @Test
  void every_library_inherits_it_from_the_parent_and_describes_itself() throws Exception {
    Element parent = pom(".");
    for (String library : LIBRARIES) {
      Element pom = pom(library);

      assertThat(text(pom, "parent", "artifactId"))
          .as(library)
          .isEqualTo(text(parent, "artifactId"));
      assertThat(text(pom, "description")).as(library).isNotBlank();
      assertThat(child(pom, "licenses"))
          .as(library + " must not replace the inherited licence")
          .isNull();
      assertThat(child(pom, "scm")).as(library + " must not replace the inherited scm").isNull();
    }
    // the url and scm are the repository's, not <url>/<artifactId>
    assertThat(parent.getAttribute("child.project.url.inherit.append.path")).isEqualTo("false");
    assertThat(child(parent, "scm").getAttribute("child.scm.url.inherit.append.path"))
        .isEqualTo("false");
  }

  @Test
  void the_bom_has_the_reactor_version_and_lists_exactly_the_libraries() throws Exception {
    Element bom = pom("bom");
    List<String> managed = new ArrayList<>();
    NodeList dependencies =
        child(child(bom, "dependencyManagement"), "dependencies")
            .getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      managed.add(text(dependency, "artifactId"));
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
    }

    assertThat(text(bom, "version")).isEqualTo(text(pom("."), "version"));
    assertThat(child(bom, "parent"))
        .as("a BOM with a parent would import the parent's dependencyManagement")
        .isNull();
    assertThat(managed)
        .containsExactlyInAnyOrder(
            "noops-correlation", "noops-config-client", "noops-metrics-from-logs");
  }
}
