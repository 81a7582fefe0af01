package dev.homeport.secretsmanager.model;

/**
 * RotationRules as AWS stores them. Every field is nullable: AWS accepts either
 * {@code AutomaticallyAfterDays} (1-1000) or a {@code ScheduleExpression} ({@code rate()}/{@code cron()}),
 * optionally with a {@code Duration} window such as {@code "3h"}; validation is the service's job.
 */
public record RotationRules(Long automaticallyAfterDays, String duration, String scheduleExpression) {
    public static final RotationRules NONE = new RotationRules(null, null, null);

    public boolean isEmpty() {
        return automaticallyAfterDays == null && duration == null && scheduleExpression == null;
    }
}
