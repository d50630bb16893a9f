package dev.herald.broker.client;

import dev.herald.broker.model.Message;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What an application that requires {@code dev.herald.broker.client} sees, on the module path. */
class ModuleBoundaryTest {

    private static final Module CLIENT = HeraldClient.class.getModule();
    private static final Module MODEL = Message.class.getModule();

    @Test
    void anApplicationReadsTheMessageModelThroughTheClientAndNotTheStoreInterfacesOrTheWireCodec() {
        assumeTrue(CLIENT.isNamed(), "the client is on the class path");
        Set<String> passedOn = CLIENT.getDescriptor().requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name).collect(toSet());
        assertEquals(Set.of(MODEL.getName()), passedOn, "the client passes on the message model alone");
        Set<String> exported = MODEL.getDescriptor().exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(toSet());
        assertEquals(Set.of("dev.herald.broker.model"), exported);
        assertEquals(Set.of(), MODEL.getDescriptor().requires().stream()
                .map(ModuleDescriptor.Requires::name).filter(n -> !n.startsWith("java.")).collect(toSet()),
                "the message model depends on nothing of Herald's");
    }

    @Test
    void thePublicApiNamesOnlyTypesAnApplicationSees() throws Exception {
        assumeTrue(CLIENT.isNamed(), "the client is on the class path");
        Set<String> hidden = new TreeSet<>();
        List<Class<?>> types = exportedTypes();
        assertFalse(types.isEmpty());
        for (Class<?> type : types) {
            List<Type> named = new ArrayList<>();
            named.add(type.getGenericSuperclass());
            named.addAll(List.of(type.getGenericInterfaces()));
            for (Field field : type.getDeclaredFields()) {
                if (visibleOutside(field)) {
                    named.add(field.getGenericType());
                }
            }
            Stream.concat(Stream.of(type.getDeclaredConstructors()), Stream.of(type.getDeclaredMethods()))
                    .filter(ModuleBoundaryTest::visibleOutside)
                    .forEach(e -> {
                        if (e instanceof Method m) {
                            named.add(m.getGenericReturnType());
                        }
                        named.addAll(List.of(e.getGenericParameterTypes()));
                        named.addAll(List.of(e.getGenericExceptionTypes()));
                    });
            for (Type t : named) {
                hiddenIn(t, type, hidden, new HashSet<>());
            }
        }
        assertEquals(Set.of(), hidden);
    }

    /** The public types of the exported package, as built (not the tests patched in beside them). */
    private static List<Class<?>> exportedTypes() throws Exception {
        ModuleReference reference = ModuleLayer.boot().configuration().findModule(CLIENT.getName()).orElseThrow().reference();
        URI location = reference.location().orElseThrow();
        List<Class<?>> types = new ArrayList<>();
        try (ModuleReader reader = reference.open(); Stream<String> entries = reader.list()) {
            for (String entry : entries.filter(e -> e.matches("dev/herald/broker/client/[^/]+\\.class")).toList()) {
                Class<?> type = Class.forName(entry.replace('/', '.').replace(".class", ""), false, CLIENT.getClassLoader());
                if (Modifier.isPublic(type.getModifiers())
                        && type.getProtectionDomain().getCodeSource().getLocation().toURI().equals(location)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    private static boolean visibleOutside(Member member) {
        int modifiers = member.getModifiers();
        return !member.isSynthetic() && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers));
    }

    /**
     * Adds to {@code hidden} the types {@code t} names that an application does not see.
     * {@code expanded} holds the type variables whose bounds are being checked, so that a bound
     * naming its own variable ({@code B extends Builder<B>}) is checked once.
     */
    private static void hiddenIn(Type t, Class<?> where, Set<String> hidden, Set<TypeVariable<?>> expanded) {
        switch (t) {
            case null -> {
            }
            case Class<?> c when c.isArray() -> hiddenIn(c.getComponentType(), where, hidden, expanded);
            case Class<?> c -> {
                Module module = c.getModule();
                boolean seen = module == CLIENT || module == MODEL
                        || (module.isNamed() && module.getName().startsWith("java."));
                if (!c.isPrimitive() && !(seen && module.isExported(c.getPackageName()))) {
                    hidden.add(where.getSimpleName() + " names " + c.getName());
                }
            }
            case ParameterizedType p -> {
                hiddenIn(p.getRawType(), where, hidden, expanded);
                for (Type argument : p.getActualTypeArguments()) {
                    hiddenIn(argument, where, hidden, expanded);
                }
            }
            case WildcardType w -> {
                Stream.of(w.getUpperBounds()).forEach(b -> hiddenIn(b, where, hidden, expanded));
                Stream.of(w.getLowerBounds()).forEach(b -> hiddenIn(b, where, hidden, expanded));
            }
            case GenericArrayType a -> hiddenIn(a.getGenericComponentType(), where, hidden, expanded);
            case TypeVariable<?> v -> {
                if (expanded.add(v)) {
                    Stream.of(v.getBounds()).forEach(b -> hiddenIn(b, where, hidden, expanded));
                }
            }
            default -> hidden.add(where.getSimpleName() + " names " + t);
        }
    }
}
