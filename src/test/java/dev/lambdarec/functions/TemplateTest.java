package dev.lambdarec.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.funqy.Funq;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** template.yaml and the sample events stay in step with the code. */
class TemplateTest {
    private static final List<Class<?>> FUNCTIONS = List.of(PrepareFunction.class, PredictFunction.class, BatchFunction.class, RegisterFunction.class, TrainFunction.class);

    private static Set<String> funqNames() {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : FUNCTIONS) {
            for (Method method : type.getDeclaredMethods()) {
                Funq funq = method.getAnnotation(Funq.class);
                if (funq != null) {
                    names.add(funq.value().isEmpty() ? method.getName() : funq.value());
                }
            }
        }
        return names;
    }

    @Test
    void everyExportedFunctionExistsAndEveryFunctionIsDeployed() throws Exception {
        String template = Files.readString(Path.of("template.yaml"));
        Matcher exports = Pattern.compile("QUARKUS_FUNQY_EXPORT:\\s*(\\S+)").matcher(template);
        Set<String> exported = new TreeSet<>();
        while (exports.find()) {
            exported.add(exports.group(1));
        }
        assertThat(funqNames()).containsAll(exported);
        assertThat(exported).containsExactlyInAnyOrderElementsOf(funqNames());
        assertThat(template).contains("CodeUri: target/function.zip").contains("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest");
    }

    @Test
    void everySampleEventParsesAndEveryReferencedOneExists() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Path> events;
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            events = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(events).hasSizeGreaterThanOrEqualTo(9);
        for (Path event : events) {
            assertThat(json.readTree(event.toFile()).isObject()).as(event.toString()).isTrue();
        }
        List<String> referenced = new ArrayList<>();
        for (String doc : List.of("README.md", "template.yaml")) {
            Matcher m = Pattern.compile("events/[A-Za-z0-9_-]+\\.json").matcher(Files.readString(Path.of(doc)));
            while (m.find()) {
                referenced.add(m.group());
            }
        }
        assertThat(referenced).isNotEmpty();
        for (String path : referenced) {
            assertThat(Path.of(path)).as("referenced %s", path).exists();
        }
    }
}
