package dev.homeport.console;

import dev.homeport.protocol.AwsServiceException;

/**
 * A banner at the top of a page: the outcome of an action, or an API error shown the way the AWS
 * console shows it (the error type, then AWS's message).
 *
 * @param kind  {@code success} or {@code error}, used as the banner's CSS class
 * @param title the headline: what was done, or the error type
 * @param text  the detail, possibly empty
 */
public record Notice(String kind, String title, String text) {
    public static Notice success(String title) {
        return new Notice("success", title, "");
    }

    public static Notice error(AwsServiceException e) {
        return new Notice("error", e.errorType(), e.getMessage() == null ? "" : e.getMessage());
    }

    public static Notice error(String title, String text) {
        return new Notice("error", title, text);
    }

    public boolean isError() {
        return "error".equals(kind);
    }
}
