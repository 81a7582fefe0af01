package dev.homeport.console;

import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Parameter Store pages over plain HTTP: the list and its path filter, creating each type, AWS's errors on the form,
 * a SecureString's plaintext kept out of the page until "Show", a new value, labels, deletion.
 */
class SsmConsoleHttpTest {
    static HomeportServer server;
    static SsmClient ssm;

    @BeforeAll
    static void start() {
        server = HomeportServer.start("none");
        ssm = server.client(SsmClient.builder());
    }

    @AfterAll
    static void stop() {
        ssm.close();
        server.close();
    }

    @Test
    void parametersAreListedAndFilteredByPath() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        c.signIn("/console/ssm");
        ssm.putParameter(b -> b.name("/list/prod/db/url").value("jdbc:x").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/list/prod/port").value("5432").type(ParameterType.STRING));
        ssm.putParameter(b -> b.name("/list/dev/port").value("1").type(ParameterType.STRING_LIST));
        ssm.putParameter(b -> b.name("list-flat").value("x").type(ParameterType.STRING));

        String all = c.get("/console/ssm").body();
        assertThat(all).contains("<a href=\"/console/ssm/parameter?name=%2Flist%2Fprod%2Fdb%2Furl\">/list/prod/db/url</a>")
                .contains("/list/dev/port").contains("list-flat").contains("StringList").contains("Standard")
                .contains("class=\"current\">Parameter Store</a>");

        String prod = c.get("/console/ssm?path=%2Flist%2Fprod").body();
        assertThat(prod).contains("/list/prod/db/url").contains("/list/prod/port")
                .doesNotContain("/list/dev/port").doesNotContain("list-flat").contains("value=\"/list/prod\"");
        String prefix = c.get("/console/ssm?path=list-").body();
        assertThat(prefix).contains("list-flat").doesNotContain("/list/prod/port");
        assertThat(c.get("/console/ssm?path=%2Fnothing").body()).contains("No parameters match this path.");
        // "twin" and "/twin" are two parameters (Name Equals matches both): each page shows its own.
        ssm.putParameter(b -> b.name("twin").value("x").type(ParameterType.STRING).description("without slash"));
        ssm.putParameter(b -> b.name("/twin").value("y").type(ParameterType.STRING).description("with slash"));
        assertThat(c.get("/console/ssm/parameter?name=twin").body()).contains("without slash").doesNotContain("with slash");
        assertThat(c.get("/console/ssm/parameter?name=%2Ftwin").body()).contains("with slash").doesNotContain("without slash");
        assertThat(c.get("/console/ssm?path=%2Flist%2Fprod%2F").body()).contains("/list/prod/port")
                .doesNotContain("/list/dev/port");
        // A path AWS refuses: its message on the list page, the path kept in the box.
        HttpResponse<String> bad = c.get("/console/ssm?path=%2Fbad+path%21");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("class=\"notice error\"").contains("value=\"/bad path!\"");
    }

    @Test
    void eachTypeIsCreatedFromTheFormAndErrorsKeepWhatWasTyped() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String csrf = c.signIn("/console/ssm");
        HttpResponse<String> created = c.post("/console/ssm/create", "csrf=" + csrf
                + "&name=%2Fnew%2Fplain&description=the+url&tier=Standard&type=String&dataType=text&value=hello");
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location")).hasValue("/console/ssm/parameter?name=%2Fnew%2Fplain");
        assertThat(c.get("/console/ssm/parameter?name=%2Fnew%2Fplain").body())
                .contains("Parameter /new/plain was created (version 1).").contains("the url").contains("hello");
        c.post("/console/ssm/create", "csrf=" + csrf + "&name=%2Fnew%2Flist&tier=Advanced&type=StringList&value=a%2Cb");
        c.post("/console/ssm/create", "csrf=" + csrf + "&name=%2Fnew%2Fsecret&tier=Standard&type=SecureString&value=s3cr3t");
        var list = ssm.getParameter(b -> b.name("/new/list")).parameter();
        assertThat(list.type()).isEqualTo(ParameterType.STRING_LIST);
        assertThat(list.value()).isEqualTo("a,b");
        assertThat(ssm.describeParameters(b -> b.parameterFilters(f -> f.key("Name").values("/new/list")))
                .parameters().getFirst().tier()).isEqualTo(ParameterTier.ADVANCED);
        var secret = ssm.getParameter(b -> b.name("/new/secret").withDecryption(true)).parameter();
        assertThat(secret.type()).isEqualTo(ParameterType.SECURE_STRING);
        assertThat(secret.value()).isEqualTo("s3cr3t");

        // AWS's error on the form, with what was typed kept.
        HttpResponse<String> exists = c.post("/console/ssm/create", "csrf=" + csrf
                + "&name=%2Fnew%2Fplain&description=again&tier=Standard&type=String&value=other");
        assertThat(exists.statusCode()).isEqualTo(400);
        assertThat(exists.body()).contains("ParameterAlreadyExists").contains("value=\"/new/plain\"")
                .contains("value=\"again\"").contains(">other</textarea>");
        String big = "x".repeat(4097);
        HttpResponse<String> tooBig = c.post("/console/ssm/create", "csrf=" + csrf
                + "&name=%2Fnew%2Fbig&tier=Standard&type=SecureString&value=" + big);
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(tooBig.body()).contains("ValidationException").contains("4096")
                .contains("value=\"SecureString\" checked").contains(">" + big + "</textarea>");
        assertThat(tooBig.body().indexOf(big)).isEqualTo(tooBig.body().lastIndexOf(big)); // only in its own field
    }

    @Test
    void aSecureStringIsShownOnlyOnRequestAndNeverInTheHistory() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String csrf = c.signIn("/console/ssm");
        ssm.putParameter(b -> b.name("/sec/pw").value("Wh1sper-Quietly").type(ParameterType.SECURE_STRING)
                .description("db password"));
        ssm.putParameter(b -> b.name("/sec/pw").value("Wh1sper-Louder").type(ParameterType.SECURE_STRING).overwrite(true));
        String page = c.get("/console/ssm/parameter?name=%2Fsec%2Fpw").body();
        assertThat(page).contains("arn:aws:ssm:us-east-1:000000000000:parameter/sec/pw").contains("SecureString")
                .contains("alias/aws/ssm").contains("db password").contains("(SecureString, not shown)")
                .contains("hx-post=\"/console/ssm/reveal\"")
                .doesNotContain("Wh1sper-Quietly").doesNotContain("Wh1sper-Louder");
        HttpResponse<String> shown = c.post("/console/ssm/reveal", "csrf=" + csrf + "&name=%2Fsec%2Fpw");
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("Wh1sper-Louder").contains("Version 2").doesNotContain("<html");

        // A new value AWS refuses: its message, the value as typed in the edit field only, no new version.
        String big = "Wh1sper-" + "y".repeat(4100);
        HttpResponse<String> refused = c.post("/console/ssm/put", "csrf=" + csrf
                + "&name=%2Fsec%2Fpw&type=SecureString&value=" + big);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("ValidationException").contains(">" + big + "</textarea>")
                .doesNotContain("Wh1sper-Louder");
        assertThat(refused.body().indexOf(big)).isEqualTo(refused.body().lastIndexOf(big));
        assertThat(ssm.getParameter(b -> b.name("/sec/pw")).parameter().version()).isEqualTo(2);
    }

    @Test
    void editingMakesANewVersionAndLabelsAreAttachedAndRemoved() throws Exception {
        ConsoleClient c = new ConsoleClient(server);
        String csrf = c.signIn("/console/ssm");
        ssm.putParameter(b -> b.name("/ed/url").value("v1-value").type(ParameterType.STRING));
        HttpResponse<String> put = c.post("/console/ssm/put", "csrf=" + csrf + "&name=%2Fed%2Furl&type=String&value=v2-value");
        assertThat(put.statusCode()).isEqualTo(303);
        assertThat(ssm.getParameter(b -> b.name("/ed/url")).parameter().version()).isEqualTo(2);

        c.post("/console/ssm/label", "csrf=" + csrf + "&name=%2Fed%2Furl&version=1&labels=old%2C+first");
        String page = c.get("/console/ssm/parameter?name=%2Fed%2Furl").body();
        assertThat(page).contains("Labels attached to version 1.").contains("v1-value").contains("v2-value")
                .contains("<span class=\"badge\">old</span>").contains("<span class=\"badge\">first</span>");
        assertThat(ssm.getParameter(b -> b.name("/ed/url:old")).parameter().value()).isEqualTo("v1-value");

        // Labels AWS refuses come back as InvalidLabels, shown as an error.
        c.post("/console/ssm/label", "csrf=" + csrf + "&name=%2Fed%2Furl&version=2&labels=aws-reserved%2C+9digits");
        assertThat(c.get("/console/ssm/parameter?name=%2Fed%2Furl").body()).contains("InvalidLabels")
                .contains("These labels were not attached: aws-reserved, 9digits.");
        // An API error: a version that does not exist.
        c.post("/console/ssm/label", "csrf=" + csrf + "&name=%2Fed%2Furl&version=9&labels=x");
        assertThat(c.get("/console/ssm/parameter?name=%2Fed%2Furl").body()).contains("ParameterVersionNotFound");

        c.post("/console/ssm/unlabel", "csrf=" + csrf + "&name=%2Fed%2Furl&version=1&label=old");
        page = c.get("/console/ssm/parameter?name=%2Fed%2Furl").body();
        assertThat(page).contains("Label old removed from version 1.").doesNotContain("<span class=\"badge\">old</span>")
                .contains("<span class=\"badge\">first</span>");

        HttpResponse<String> deleted = c.post("/console/ssm/delete", "csrf=" + csrf + "&name=%2Fed%2Furl");
        assertThat(deleted.headers().firstValue("Location")).hasValue("/console/ssm");
        assertThat(c.get("/console/ssm").body()).contains("Parameter /ed/url was deleted.");
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/ed/url"))).isInstanceOf(ParameterNotFoundException.class);
        assertThat(c.get("/console/ssm/parameter?name=%2Fed%2Furl").body()).contains("ParameterNotFound");
    }
}
