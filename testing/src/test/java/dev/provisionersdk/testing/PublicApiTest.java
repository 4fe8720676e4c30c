package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API that a release freezes (docs/releasing.md "Versions"), held in view: {@code
 * docs/api.txt} lists every public type of {@code dev.provisionersdk}, {@code
 * dev.provisionersdk.runtime} and the test kit ({@code dev.provisionersdk.testing}) with its public
 * and protected members (here, in the test kit's tests, where both are on the class path), so a
 * change to the API shows in a review's diff, and this test fails when the list and the code
 * differ. And no public member exists only for the implementation: a member that code in {@code
 * internal} uses must also be used by the rest of the SDK, or be listed in {@code
 * src/test/resources/api/user-facing.txt} with the reason users need it.
 */
class PublicApiTest {
  private static final Path LIST = Path.of("../docs/api.txt");
  private static final Path GENERATED = Path.of("target/api.txt");
  private static final Path USER_FACING = Path.of("src/test/resources/api/user-facing.txt");
  private static final String INTERNAL_PREFIX = "dev.provisionersdk.internal";
  private static final Set<String> API_PACKAGES =
      Set.of("dev.provisionersdk", "dev.provisionersdk.runtime", "dev.provisionersdk.testing");
  private static final JavaClasses SDK =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.provisionersdk");

  /**
   * Compares the generated list with {@code docs/api.txt}. With {@code UPDATE_API_LIST=1} in the
   * environment it writes the list there instead.
   */
  @Test
  void theListOfThePublicApiInDocsMatchesTheCode() throws Exception {
    String generated = apiList();
    Files.createDirectories(GENERATED.getParent());
    Files.writeString(GENERATED, generated, StandardCharsets.UTF_8);
    if ("1".equals(System.getenv("UPDATE_API_LIST"))) {
      Files.writeString(LIST, generated, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(LIST) ? Files.readString(LIST, StandardCharsets.UTF_8) : "";
    assertThat(committed)
        .as(
            "docs/api.txt differs from the public API of the code (the new list is in"
                + " testing/target/api.txt). If the API change is meant, regenerate the list with"
                + " `UPDATE_API_LIST=1 ./mvnw -pl testing -am verify -Dtest=PublicApiTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -DskipITs` and commit it with the"
                + " change (and a CHANGELOG entry)")
        .isEqualTo(generated);
  }

  /**
   * A public member that only {@code internal} code uses is a promise made for the implementation:
   * it belongs in {@code internal}. A member used by internal code counts as API when the SDK's
   * other types use it too, or when {@code user-facing.txt} names it with a reason (an accessor
   * users read, a factory a custom {@code CommandRunner} needs). A member no SDK code uses exists
   * for users only and needs no entry. An interface's methods are exempt: they are the contract
   * between a handler and the runtime (one side implements them, the other calls them), so the
   * runtime calling a {@code Task} or a {@code Request} accessor is the API at work.
   */
  @Test
  void noPublicMemberExistsOnlyForTheImplementation() throws IOException {
    Set<String> userFacing = userFacing();
    List<String> internalOnly = new ArrayList<>();
    Set<String> members = new TreeSet<>();
    for (JavaClass type : apiTypes()) {
      for (JavaMember member : type.getMembers()) {
        members.add(member.getFullName());
        if (type.isInterface()) {
          continue;
        }
        if (!visible(member.getModifiers()) || isSynthetic(member)) {
          continue;
        }
        boolean fromInternal = false;
        boolean fromElsewhere = false;
        for (JavaAccess<?> access : member.getAccessesToSelf()) {
          JavaClass origin = access.getOriginOwner();
          if (origin.getPackageName().startsWith(INTERNAL_PREFIX)) {
            fromInternal = true;
          } else if (!topLevel(origin).equals(topLevel(type))) {
            fromElsewhere = true;
          }
        }
        if (fromInternal && !fromElsewhere && !userFacing.contains(member.getFullName())) {
          internalOnly.add(member.getFullName());
        }
      }
    }
    assertThat(internalOnly)
        .as(
            "public members that only dev.provisionersdk.internal uses: move them into internal,"
                + " or, if users need them too, list them with the reason in %s",
            USER_FACING)
        .isEmpty();
    assertThat(userFacing)
        .as("entries of %s that name no public member of the API any more", USER_FACING)
        .allMatch(members::contains);
  }

  private static Set<String> userFacing() throws IOException {
    return Files.readAllLines(USER_FACING, StandardCharsets.UTF_8).stream()
        .map(line -> line.replaceAll("#.*", "").trim())
        .filter(line -> !line.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean isSynthetic(JavaMember member) {
    return member.getModifiers().contains(JavaModifier.SYNTHETIC)
        || member.getModifiers().contains(JavaModifier.BRIDGE);
  }

  private static String topLevel(JavaClass type) {
    String name = type.getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }

  private static boolean visible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  /** The public types of the API packages, nested ones included when every enclosing is public. */
  private static List<JavaClass> apiTypes() {
    return SDK.stream()
        .filter(type -> API_PACKAGES.contains(type.getPackageName()))
        .filter(PublicApiTest::reachable)
        .sorted(Comparator.comparing(JavaClass::getName))
        .toList();
  }

  private static boolean reachable(JavaClass type) {
    if (!type.getModifiers().contains(JavaModifier.PUBLIC) || type.isAnonymousClass()) {
      return false;
    }
    return type.getEnclosingClass().map(PublicApiTest::reachable).orElse(true);
  }

  /** One line per type, then one indented line per public or protected member, sorted. */
  static String apiList() throws ClassNotFoundException {
    StringBuilder text = new StringBuilder();
    text.append(
        "# The public API of provisioner-sdk: every public type of dev.provisionersdk and\n"
            + "# dev.provisionersdk.runtime with its public and protected members. Generated by\n"
            + "# sdk/src/test/java/dev/provisionersdk/PublicApiTest.java; do not edit by hand.\n");
    for (JavaClass archType : apiTypes()) {
      Class<?> type = Class.forName(archType.getName());
      text.append('\n').append(describe(type)).append('\n');
      Map<String, String> members = new TreeMap<>();
      for (Field field : type.getDeclaredFields()) {
        if (visible(field.getModifiers()) && !field.isSynthetic()) {
          members.put(
              field.getName() + " 0",
              modifiers(field.getModifiers())
                  + name(field.getGenericType())
                  + " "
                  + field.getName());
        }
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (visible(constructor.getModifiers()) && !constructor.isSynthetic()) {
          members.put(
              " " + signature(constructor, type.getSimpleName()), // constructors first
              modifiers(constructor.getModifiers())
                  + typeParameters(constructor.getTypeParameters())
                  + signature(constructor, type.getSimpleName()));
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
          int modifiers = method.getModifiers() & ~(type.isInterface() ? Modifier.ABSTRACT : 0);
          members.put(
              signature(method, method.getName()),
              modifiers(modifiers)
                  + (method.isDefault() ? "default " : "")
                  + typeParameters(method.getTypeParameters())
                  + name(method.getGenericReturnType())
                  + " "
                  + signature(method, method.getName()));
        }
      }
      members.values().forEach(member -> text.append("  ").append(member).append('\n'));
    }
    return text.toString();
  }

  private static String describe(Class<?> type) {
    String kind =
        type.isAnnotation()
            ? "@interface"
            : type.isInterface() ? "interface" : type.isEnum() ? "enum" : "class";
    int modifiers = type.getModifiers() & ~Modifier.INTERFACE & ~Modifier.STATIC;
    if (type.isInterface() || type.isEnum()) {
      modifiers &= ~Modifier.ABSTRACT & ~Modifier.FINAL;
    }
    StringBuilder line =
        new StringBuilder(modifiers(modifiers))
            .append(kind)
            .append(' ')
            .append(type.getName().replace('$', '.'))
            .append(typeParameters(type.getTypeParameters()));
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum()) {
      line.append(" extends ").append(name(superclass));
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      line.append(type.isInterface() ? " extends " : " implements ")
          .append(
              Arrays.stream(interfaces).map(PublicApiTest::name).collect(Collectors.joining(", ")));
    }
    Arrays.stream(type.getAnnotations())
        .filter(annotation -> annotation.annotationType() == FunctionalInterface.class)
        .findFirst()
        .ifPresent(annotation -> line.insert(0, "@FunctionalInterface "));
    return line.toString();
  }

  private static String signature(Executable executable, String name) {
    String parameters =
        Arrays.stream(executable.getGenericParameterTypes())
            .map(PublicApiTest::name)
            .collect(Collectors.joining(", "));
    if (executable.isVarArgs()) {
      parameters = parameters.replaceAll("\\[]$", "...");
    }
    String thrown =
        Stream.of(executable.getGenericExceptionTypes())
            .map(PublicApiTest::name)
            .collect(Collectors.joining(", "));
    return name + "(" + parameters + ")" + (thrown.isEmpty() ? "" : " throws " + thrown);
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables)
            .map(
                variable -> {
                  String bounds =
                      Arrays.stream(variable.getBounds())
                          .filter(bound -> bound != Object.class)
                          .map(PublicApiTest::name)
                          .collect(Collectors.joining(" & "));
                  return variable.getName() + (bounds.isEmpty() ? "" : " extends " + bounds);
                })
            .collect(Collectors.joining(", ", "<", ">"))
        + (variables[0].getGenericDeclaration() instanceof Class ? "" : " ");
  }

  /** A type's name with {@code java.lang.} dropped and nested classes written with a dot. */
  private static String name(Type type) {
    return type.getTypeName().replace('$', '.').replaceAll("\\bjava\\.lang\\.(?=[A-Z])", "");
  }

  private static String modifiers(int modifiers) {
    String text = Modifier.toString(modifiers & ~Modifier.TRANSIENT & ~Modifier.VOLATILE);
    return text.isEmpty() ? "" : text + " ";
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }
}
