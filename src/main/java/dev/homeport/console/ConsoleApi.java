package dev.homeport.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.AwsJsonProtocol;
import dev.homeport.protocol.AwsQueryProtocol;
import dev.homeport.protocol.AwsServiceException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The AWS API as the signed-in user sees it: every console action is one (or a few) of the same
 * operation calls a signed request would make, with the same validation and the same errors.
 * Inputs and outputs are the wire JSON, so pages read exactly what the CLI would print.
 */
public final class ConsoleApi {
    static final String SECRETS = "secretsmanager";
    static final String ECS = "AmazonEC2ContainerServiceV20141113";
    static final String LOGS = "Logs_20140328";
    static final String CLOUDTRAIL = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
    static final String ECR = "AmazonEC2ContainerRegistry_V20150921";
    static final String SSM = "AmazonSSM";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<AwsJsonProtocol> protocol;
    private final Supplier<AwsQueryProtocol> query;
    private final ConsoleSession session;

    ConsoleApi(Supplier<AwsJsonProtocol> protocol, Supplier<AwsQueryProtocol> query, ConsoleSession session) {
        this.protocol = protocol;
        this.query = query;
        this.session = session;
    }

    /** An empty request body to fill in. */
    public static ObjectNode input() {
        return JSON.createObjectNode();
    }

    public JsonNode secrets(String operation, JsonNode input) throws AwsServiceException {
        return call(SECRETS, operation, input);
    }

    public JsonNode ecs(String operation, JsonNode input) throws AwsServiceException {
        return call(ECS, operation, input);
    }

    public JsonNode logs(String operation, JsonNode input) throws AwsServiceException {
        return call(LOGS, operation, input);
    }

    /**
     * An EC2 action (Query protocol, XML answer), read as the CLI reads it: each {@code <item>} of the answer's
     * {@code set} element as its simple members by name, plus its {@code Name} tag as {@code "Name"}. So
     * {@code ec2Items("DescribeSubnets", "subnetSet")} gives the subnets the user can choose from.
     */
    public List<Map<String, String>> ec2Items(String action, String set) throws AwsServiceException {
        String xml = query.get().call(session.principal(), session.region(), "ec2", action,
                Map.of("Action", action, "Version", "2016-11-15"), null);
        List<Map<String, String>> items = new ArrayList<>();
        NodeList sets = parse(xml).getElementsByTagName(set);
        for (Element item : children(sets.getLength() == 0 ? null : (Element) sets.item(0), "item")) {
            Map<String, String> members = new LinkedHashMap<>();
            for (Element member : children(item, null)) {
                if (member.getTagName().equals("tagSet")) {
                    for (Element tag : children(member, "item")) {
                        if ("Name".equals(text(tag, "key"))) {
                            members.put("Name", text(tag, "value"));
                        }
                    }
                } else if (children(member, null).isEmpty()) {
                    members.put(member.getTagName(), member.getTextContent());
                }
            }
            items.add(members);
        }
        return items;
    }

    public JsonNode ecr(String operation, JsonNode input) throws AwsServiceException {
        return call(ECR, operation, input);
    }

    /** A Parameter Store operation (PascalCase members, as the SDKs send them). */
    public JsonNode ssm(String operation, JsonNode input) throws AwsServiceException {
        return call(SSM, operation, input);
    }

    public JsonNode cloudTrail(String operation, JsonNode input) throws AwsServiceException {
        return call(CLOUDTRAIL, operation, input);
    }

    /**
     * An IAM action (Query protocol), its {@code <ActionResult>} read as JSON the pages use like the JSON services'
     * answers: an element of {@code <member>}s is an array, an element with children an object, any other its text.
     * Policy documents stay URL-encoded, as IAM answers them.
     *
     * @param params the action's parameters besides Action and Version
     */
    public JsonNode iam(String action, Map<String, String> params) throws AwsServiceException {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("Action", action);
        all.put("Version", "2010-05-08");
        String xml = query.get().call(session.principal(), session.region(), "iam", action, all, null);
        NodeList results = parse(xml).getElementsByTagName(action + "Result");
        return results.getLength() == 0 ? input() : toJson((Element) results.item(0));
    }

    private static JsonNode toJson(Element element) {
        List<Element> kids = children(element, null);
        if (kids.isEmpty()) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(element.getTextContent());
        }
        if (kids.stream().allMatch(k -> k.getTagName().equals("member"))) {
            com.fasterxml.jackson.databind.node.ArrayNode array = JSON.createArrayNode();
            kids.forEach(k -> array.add(toJson(k)));
            return array;
        }
        ObjectNode object = JSON.createObjectNode();
        kids.forEach(k -> object.set(k.getTagName(), toJson(k)));
        return object;
    }

    /** The child elements of {@code parent} named {@code name} (every child element when null). */
    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst().getTextContent();
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException("a Query service answered a document the console cannot read", e);
        }
    }

    private JsonNode call(String prefix, String operation, JsonNode input) {
        return protocol.get().call(session.principal(), session.region(), prefix + "." + operation, input, null);
    }

    public String accountId() {
        return session.principal().accountId();
    }

    public String region() {
        return session.region();
    }
}
