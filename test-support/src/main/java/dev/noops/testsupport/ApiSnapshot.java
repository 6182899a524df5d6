package dev.noops.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a library as text: one line per public type (modifiers, kind, supertypes,
 * permitted subtypes) followed by its public and protected constructors, methods and fields
 * (constant values included: callers compile them in). A library's {@code PublicApiTest} compares
 * it with the file committed beside its pom, so that an API change fails the build until it is
 * recorded on purpose:
 *
 * <pre>
 * ./mvnw -pl correlation,config-client,metrics-from-logs -am verify -Dtest=PublicApiTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dnoops.api.update=true
 * </pre>
 *
 * rewrites the files; review and commit the diff with the change.
 */
public final class ApiSnapshot {
  /**
   * The system property that makes {@link #assertRecorded} rewrite the file instead of comparing.
   */
  public static final String UPDATE_PROPERTY = "noops.api.update";

  public static final String REGENERATE =
      "./mvnw -pl correlation,config-client,metrics-from-logs -am verify"
          + " -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -Dnoops.api.update=true";

  private final String library;
  private final SortedMap<String, List<String>> types;

  private ApiSnapshot(String library, SortedMap<String, List<String>> types) {
    this.library = library;
    this.types = types;
  }

  /** The public API of the classes directory (or jar) that {@code anchor} was loaded from. */
  public static ApiSnapshot of(String library, Class<?> anchor) {
    Path root = location(anchor);
    TreeMap<String, List<String>> types = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name =
            root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
        name = name.substring(0, name.length() - ".class".length());
        if (name.endsWith("module-info") || name.endsWith("package-info")) {
          continue;
        }
        Class<?> type = Class.forName(name, false, anchor.getClassLoader());
        if (isExported(type)) {
          types.put(type.getName(), describe(type));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot load " + e.getMessage() + " from " + root, e);
    }
    return new ApiSnapshot(library, types);
  }

  /** The names of the public types. */
  public Set<String> types() {
    return types.keySet();
  }

  /** The snapshot as the committed file holds it. */
  public String text() {
    StringBuilder out =
        new StringBuilder()
            .append("# The public API of ")
            .append(library)
            .append(": ")
            .append(types.size())
            .append(" public types.\n")
            .append("# Checked by PublicApiTest; after a deliberate change, regenerate with\n")
            .append("# ")
            .append(REGENERATE)
            .append('\n');
    types.forEach(
        (name, lines) -> {
          out.append('\n');
          lines.forEach(line -> out.append(line).append('\n'));
        });
    return out.toString();
  }

  /**
   * Fails, naming every line added or removed, unless {@code file} holds this snapshot; with {@code
   * -Dnoops.api.update=true} writes it instead.
   */
  public void assertRecorded(Path file) {
    String current = text();
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.writeString(file, current, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        throw new AssertionError(
            "no recorded API at " + file.toAbsolutePath() + "; record it with " + REGENERATE);
      }
      String recorded = Files.readString(file, StandardCharsets.UTF_8);
      if (!recorded.equals(current)) {
        throw new AssertionError(
            "the public API of "
                + library
                + " differs from "
                + file
                + ":\n"
                + diff(recorded, current)
                + "\nIf the change is deliberate, record it with "
                + REGENERATE
                + " and commit the file.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String diff(String recorded, String current) {
    Set<String> before =
        new LinkedHashSet<>(
            recorded.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
    Set<String> after =
        new LinkedHashSet<>(
            current.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
    StringBuilder out = new StringBuilder();
    before.stream()
        .filter(l -> !after.contains(l))
        .forEach(l -> out.append("- ").append(l).append('\n'));
    after.stream()
        .filter(l -> !before.contains(l))
        .forEach(l -> out.append("+ ").append(l).append('\n'));
    return out.length() == 0 ? "(only the order or the comments differ)\n" : out.toString();
  }

  private static Path location(Class<?> anchor) {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isExported(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers())
          || t.isAnonymousClass()
          || t.isLocalClass()
          || t.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> describe(Class<?> type) {
    List<String> lines = new ArrayList<>();
    lines.add(header(type));
    List<String> members = new ArrayList<>();
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (visible(constructor) && !constructor.isSynthetic()) {
        members.add("  " + constructor.toGenericString());
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (visible(method) && !method.isSynthetic() && !method.isBridge()) {
        members.add("  " + method.toGenericString());
      }
    }
    for (Field field : type.getDeclaredFields()) {
      if (visible(field) && !field.isSynthetic()) {
        members.add("  " + field.toGenericString() + constant(field));
      }
    }
    members.sort(null);
    lines.addAll(members);
    return lines;
  }

  private static boolean visible(Member member) {
    return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
  }

  private static String constant(Field field) {
    int modifiers = field.getModifiers();
    if (!Modifier.isStatic(modifiers)
        || !Modifier.isFinal(modifiers)
        || !(field.getType().isPrimitive() || field.getType() == String.class)) {
      return "";
    }
    try {
      Object value = field.get(null);
      return " = " + (value instanceof String ? "\"" + value + "\"" : value);
    } catch (IllegalAccessException e) {
      return "";
    }
  }

  private static String header(Class<?> type) {
    String kind =
        type.isAnnotation()
            ? "@interface"
            : type.isInterface()
                ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
    int modifiers =
        type.getModifiers() & ~(type.isInterface() ? Modifier.ABSTRACT | Modifier.INTERFACE : 0);
    StringBuilder out = new StringBuilder();
    String mods = Modifier.toString(modifiers);
    if (type.isSealed()) {
      mods = mods.isEmpty() ? "sealed" : mods + " sealed";
    }
    out.append(mods.isEmpty() ? "" : mods + " ").append(kind).append(' ').append(type.getName());
    TypeVariable<?>[] parameters = type.getTypeParameters();
    if (parameters.length > 0) {
      out.append(
          Arrays.stream(parameters)
              .map(ApiSnapshot::variable)
              .collect(Collectors.joining(",", "<", ">")));
    }
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
      out.append(" extends ").append(superclass.getTypeName());
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      out.append(type.isInterface() ? " extends " : " implements ")
          .append(
              Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
    }
    if (type.isSealed()) {
      out.append(" permits ")
          .append(
              Arrays.stream(type.getPermittedSubclasses())
                  .map(Class::getName)
                  .collect(Collectors.joining(", ")));
    }
    return out.toString();
  }

  private static String variable(TypeVariable<?> variable) {
    List<String> bounds =
        Arrays.stream(variable.getBounds())
            .filter(b -> b != Object.class)
            .map(Type::getTypeName)
            .toList();
    return bounds.isEmpty()
        ? variable.getName()
        : variable.getName() + " extends " + String.join(" & ", bounds);
  }

  @Override
  public String toString() {
    return "ApiSnapshot[" + library + ", " + types.size() + " types]";
  }
}
