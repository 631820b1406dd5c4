package dev.tracewire.reactor;

import dev.tracewire.testapp.Boundary;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance matrix with Tracewire: across every boundary a request stays one trace with the right parent
 * chain, and the work sees the server span as current and its trace id in the log MDC.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.ANNOTATIONS, TestApplication.EXCLUDED_WEB_CLIENT })
@TracewireTest
class BoundaryMatrixTests {

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@ParameterizedTest(name = "keeps one trace, the parent chain and the MDC across {0}")
	@EnumSource(Boundary.class)
	void keepsTraceParentChainAndMdcAcross(Boundary boundary) {
		assertThat(new BoundaryMatrix(this.port, this.spans).cross(boundary).problems()).isEmpty();
	}

}
