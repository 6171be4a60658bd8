package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

class ReadyReportTest {

  private static JsonObject withProbe(Object probe) {
    return new JsonObject().put("slot", 0).put("gen", 1).put("probe", probe);
  }

  @Test
  void survivesItsJsonFormWithAUnixAnInetOrNoProbe() {
    for (SocketAddress probe : new SocketAddress[] {
        SocketAddress.domainSocketAddress("/run/ck/w0-1-health.sock"),
        SocketAddress.inetSocketAddress(4242, "127.0.0.1"), null}) {
      ReadyReport report = new ReadyReport(2, 3, 4711, true, probe);
      assertThat(ReadyReport.fromJson(report.toJson())).isEqualTo(report);
    }
    assertThat(new ReadyReport(0, 1, 1, false, null).toJson().containsKey("probe")).isFalse();
  }

  @Test
  void probeThatSpeaksTlsSaysSoAndSurvivesItsJsonForm() {
    ReadyReport report = new ReadyReport(1, 2, 4711, true,
        SocketAddress.inetSocketAddress(4242, "127.0.0.1"), null, 1_234, true);
    assertThat(report.toJson().getJsonObject("probe").getBoolean("tls")).isTrue();
    assertThat(ReadyReport.fromJson(report.toJson())).isEqualTo(report);
    assertThat(new ReadyReport(1, 2, 4711, true,
        SocketAddress.inetSocketAddress(4242, "127.0.0.1")).toJson().getJsonObject("probe")
        .containsKey("tls")).as("a plain probe says nothing of TLS").isFalse();
    assertThat(ReadyReport.fromJson(withProbe(new JsonObject().put("host", "127.0.0.1")
        .put("port", 4242))).probeTls()).isFalse();
  }

  @Test
  void readyReportNamesAUnixOrInetAddress() {
    assertThat(ReadyReport.fromJson(withProbe(
        new JsonObject().put("path", "/run/ck/w0-1-health.sock"))).probe())
        .isEqualTo(SocketAddress.domainSocketAddress("/run/ck/w0-1-health.sock"));
    assertThat(ReadyReport.fromJson(withProbe(
        new JsonObject().put("host", "127.0.0.1").put("port", 4242))).probe())
        .isEqualTo(SocketAddress.inetSocketAddress(4242, "127.0.0.1"));
    assertThat(ReadyReport.fromJson(new JsonObject().put("slot", 0).put("gen", 1)).probe())
        .isNull();
    assertThat(ReadyReport.fromJson(withProbe("unix:/x")).probe()).isNull();
    assertThat(ReadyReport.fromJson(withProbe(
        new JsonObject().put("host", "127.0.0.1").put("port", 0))).probe()).isNull();
  }

  @Test
  void aReportWithoutPidReadsAsUnknownAndOneWithoutSlotIsRefused() {
    assertThat(ReadyReport.fromJson(new JsonObject().put("slot", 0).put("gen", 1)).pid())
        .isEqualTo(-1);
    assertThatThrownBy(() -> ReadyReport.fromJson(new JsonObject().put("gen", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a READY report");
  }

  @Test
  void carriesItsBootPhasesAndReadsOneWithoutThemAsNone() {
    BootPhases boot = new BootPhases(300, 500, 1_800, -1, 500, -1, -1, -1, 3_100);
    ReadyReport report = new ReadyReport(1, 2, 4711, true, null, boot, 1_234);
    assertThat(ReadyReport.fromJson(report.toJson())).isEqualTo(report);
    assertThat(ReadyReport.fromJson(new JsonObject().put("slot", 0).put("gen", 1)).sentAt())
        .isEqualTo(-1);
    assertThat(ReadyReport.fromJson(new JsonObject().put("slot", 0).put("gen", 1)).boot())
        .isNull();
    assertThat(ReadyReport.fromJson(new JsonObject().put("slot", 0).put("gen", 1)
        .put("boot", "fast")).boot()).isNull();
  }

  @Test
  void aWarmUpIsToldApartFromAReport() {
    assertThat(ReadyReport.isWarmUp(ReadyReport.warmUp())).isTrue();
    assertThat(ReadyReport.isWarmUp(new ReadyReport(0, 1, 1, true, null).toJson())).isFalse();
    assertThat(ReadyReport.isWarmUp(null)).isFalse();
  }
}
