package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ListenRequestTest {

  @Test
  void survivesItsJsonFormForEveryStep() {
    for (ListenRequest.Op op : ListenRequest.Op.values()) {
      ListenRequest request = op == ListenRequest.Op.MAIN
          ? new ListenRequest(op, 2, 3, "", 0) : new ListenRequest(op, 2, 3, "0.0.0.0", 8080);
      assertThat(ListenRequest.fromJson(request.toJson())).isEqualTo(request);
    }
  }

  @Test
  void theMainPortIsNamedByTheLauncherNotTheWorker() {
    assertThatThrownBy(() -> new ListenRequest(ListenRequest.Op.MAIN, 0, 1, "", 8080))
        .hasMessage("port must be 0, was 8080");
  }

  @Test
  void aRequestWithoutItsFieldsIsRejectedNamingIt() {
    assertThatThrownBy(() -> ListenRequest.fromJson(new JsonObject().put("op", "OPEN")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a listen request");
    assertThatThrownBy(() -> new ListenRequest(ListenRequest.Op.OPEN, 0, 1, "h", 0))
        .hasMessage("port must be 1..65535, was 0");
    assertThatThrownBy(() -> new ListenRequest(ListenRequest.Op.OPEN, 0, 1, "h", 65_536))
        .hasMessage("port must be 1..65535, was 65536");
  }

  @Test
  void eachPortHasASocketBesideTheWorkersMainOne() {
    assertThat(ListenRequest.socketPath(Path.of("/run/ck/w0-1.sock"), 9000))
        .isEqualTo(Path.of("/run/ck/w0-1-p9000.sock"));
    assertThat(ListenRequest.socketPath(Path.of("/run/ck/w12-7.sock"), 8443))
        .isEqualTo(Path.of("/run/ck/w12-7-p8443.sock"));
  }
}
