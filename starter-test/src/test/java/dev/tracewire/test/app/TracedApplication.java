package dev.tracewire.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Small traced application for the kit's own tests: a controller reached over HTTP and a service that creates
 * spans through Micrometer observations.
 */
@SpringBootApplication
public class TracedApplication {

}
