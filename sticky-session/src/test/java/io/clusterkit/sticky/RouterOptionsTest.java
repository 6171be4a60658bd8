package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RouterOptionsTest {

  @Test
  void hasTheDocumentedDefaults() {
    RouterOptions options = new RouterOptions();
    assertThat(options.getHost()).isEqualTo("0.0.0.0");
    assertThat(options.getPort()).isEqualTo(8080);
    assertThat(options.getQueueTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.getInstances()).isEqualTo(2);
    assertThat(options.isProxyProtocol()).isTrue();
  }

  @Test
  void copiesEveryField() {
    RouterOptions original = new RouterOptions().setHost("127.0.0.1").setPort(0)
        .setQueueTimeout(Duration.ofMillis(500)).setConnectTimeout(Duration.ofMillis(250))
        .setInstances(3).setProxyProtocol(false).setAcceptProxyProtocol(true);
    RouterOptions copy = new RouterOptions(original);
    original.setPort(9).setInstances(1);
    assertThat(copy.toString()).isEqualTo("RouterOptions{host=127.0.0.1, port=0, "
        + "queueTimeout=PT0.5S, connectTimeout=PT0.25S, instances=3, proxyProtocol=false, "
        + "acceptProxyProtocol=true}");
  }

  @Test
  void refusesBadValuesNamingThem() {
    RouterOptions options = new RouterOptions();
    assertThatThrownBy(() -> options.setPort(65536)).hasMessage("port must be 0..65535, was 65536");
    assertThatThrownBy(() -> options.setHost(" ")).hasMessage("host must not be blank");
    assertThatThrownBy(() -> options.setInstances(0)).hasMessage("instances must be >= 1, was 0");
    assertThatThrownBy(() -> options.setQueueTimeout(Duration.ofSeconds(-1)))
        .hasMessage("queueTimeout must be >= 0, was PT-1S");
    assertThatThrownBy(() -> options.setConnectTimeout(Duration.ZERO))
        .hasMessage("connectTimeout must be >= 1 ms, was PT0S");
    assertThatThrownBy(() -> options.setHost(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("host");
  }
}
