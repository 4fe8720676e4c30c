package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SensitiveFieldsTest {
  private static final Json JSON = new Json();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "nested property",
            "{'properties':{'db':{'properties':{'pw':{'$md.sensitive':true},'user':{}}}}}",
            "{'db':{'pw':'secret-1','user':'admin'}}",
            List.of("$.db.pw=secret-1")),
        Arguments.of(
            "every leaf under a sensitive object",
            "{'properties':{'creds':{'$md.sensitive':true}}}",
            "{'creds':{'a':'one1','b':[2,'three']}}",
            List.of("$.creds.a=one1", "$.creds.b[0]=2", "$.creds.b[1]=three")),
        Arguments.of(
            "array items",
            "{'properties':{'keys':{'items':{'properties':{'v':{'$md.sensitive':true}}}}}}",
            "{'keys':[{'v':'k-one'},{'v':'k-two','id':'x'}]}",
            List.of("$.keys[0].v=k-one", "$.keys[1].v=k-two")),
        Arguments.of(
            "prefixItems and draft-07 tuple items",
            "{'properties':{'p':{'prefixItems':[{},{'$md.sensitive':true}]},"
                + "'t':{'items':[{'$md.sensitive':true}]}}}",
            "{'p':['open','closed'],'t':['tuple-0','tuple-1']}",
            List.of("$.p[1]=closed", "$.t[0]=tuple-0")),
        Arguments.of(
            "additionalProperties",
            "{'properties':{'known':{}},'additionalProperties':{'$md.sensitive':true}}",
            "{'known':'plain','extra':'hidden'}",
            List.of("$.extra=hidden")),
        Arguments.of(
            "allOf, anyOf, oneOf branches",
            "{'allOf':[{'properties':{'a':{'$md.sensitive':true}}}],"
                + "'oneOf':[{'properties':{'b':{'$md.sensitive':true}}}]}",
            "{'a':'aaaa','b':'bbbb','c':'cccc'}",
            List.of("$.a=aaaa", "$.b=bbbb")),
        Arguments.of(
            "marker false or absent",
            "{'properties':{'a':{'$md.sensitive':false},'b':{}}}",
            "{'a':'aaaa','b':'bbbb'}",
            List.of()),
        Arguments.of(
            "field absent from the document",
            "{'properties':{'a':{'$md.sensitive':true}}}",
            "{}",
            List.of()),
        Arguments.of(
            "$ref is not followed",
            "{'properties':{'a':{'$ref':'#/$defs/s'}},'$defs':{'s':{'$md.sensitive':true}}}",
            "{'a':'aaaa'}",
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsTheSensitiveLeaves(
      String reason, String schema, String document, List<String> expected) {
    List<String> found = new ArrayList<>();
    SensitiveFields.forEach(
        parse(schema), parse(document), (path, value) -> found.add(path + "=" + value));
    assertThat(found).containsExactlyElementsOf(expected);
  }

  private static JsonNode parse(String singleQuoted) {
    return JSON.parseObject(
        "test.json", singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }
}
