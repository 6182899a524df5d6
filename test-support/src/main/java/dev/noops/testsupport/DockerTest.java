package dev.noops.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Marks a test class that needs Docker (Testcontainers: LocalStack, Floci). Without a Docker engine
 * the whole class is skipped, and JUnit reports why ("disabledWithoutDocker is true and Docker is
 * not available"); on GitHub Actions it runs. Name such classes {@code *DockerIT} so that failsafe,
 * not surefire, runs them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
public @interface DockerTest {}
