package dev.rag.generation.api;

import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * A complete JSON body in the emitter type the answer endpoints return, so one handler method
 * serves both the JSON and the streaming form of a request.
 */
final class JsonBody {

  private JsonBody() {}

  static ResponseEntity<ResponseBodyEmitter> of(Object body) throws IOException {
    ResponseBodyEmitter json = new ResponseBodyEmitter();
    json.send(body, MediaType.APPLICATION_JSON);
    json.complete();
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
  }
}
