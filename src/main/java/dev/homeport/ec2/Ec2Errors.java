package dev.homeport.ec2;

import dev.homeport.protocol.AwsServiceException;

/** EC2's error catalogue (codes and wording as EC2 answers them; HTTP 400). */
public final class Ec2Errors {
    private Ec2Errors() {
    }

    public static AwsServiceException vpcNotFound(String id) {
        return new AwsServiceException("InvalidVpcID.NotFound", 400, "The vpc ID '" + id + "' does not exist");
    }

    public static AwsServiceException subnetNotFound(String id) {
        return new AwsServiceException("InvalidSubnetID.NotFound", 400, "The subnet ID '" + id + "' does not exist");
    }

    public static AwsServiceException groupNotFound(String idOrName) {
        return new AwsServiceException("InvalidGroup.NotFound", 400,
                "The security group '" + idOrName + "' does not exist");
    }

    public static AwsServiceException malformedGroupId(String id) {
        return new AwsServiceException("InvalidGroupId.Malformed", 400,
                "Invalid id: \"" + id + "\" (expecting \"sg-...\")");
    }

    public static AwsServiceException malformedSubnetId(String id) {
        return new AwsServiceException("InvalidSubnetID.Malformed", 400, "Invalid id: \"" + id + "\"");
    }

    public static AwsServiceException malformedVpcId(String id) {
        return new AwsServiceException("InvalidVpcID.Malformed", 400, "Invalid id: \"" + id + "\"");
    }

    public static AwsServiceException invalidFilter(String name) {
        return new AwsServiceException("InvalidParameterValue", 400, "The filter '" + name + "' is invalid");
    }
}
