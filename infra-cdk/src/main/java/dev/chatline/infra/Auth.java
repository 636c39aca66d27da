package dev.chatline.infra;

import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * Who may connect, and the credentials for push:
 * <ul>
 *   <li>the token issuer: a Cognito user pool with an app client (clients connect with the pool's <b>ID token</b>,
 *       whose {@code aud} is the client id), unless the context names an external issuer
 *       ({@code jwksUrl}, {@code jwtIssuer}, {@code jwtAudience});</li>
 *   <li>the Secrets Manager secret holding the Firebase service-account JSON (a JSON placeholder until the operator
 *       puts the real value, see docs/operations.md).</li>
 * </ul>
 */
public final class Auth extends Construct {
    /** What the authorizer needs to verify a token. */
    public record JwtSettings(String jwksUrl, String issuer, String audience) {
    }

    private final JwtSettings jwt;
    private final UserPool userPool;
    private final UserPoolClient userPoolClient;
    private final Secret firebaseSecret;

    public Auth(Construct scope, String id, ChatlineSettings settings) {
        super(scope, id);
        if (settings.externalJwt().isPresent()) {
            ChatlineSettings.ExternalJwt ext = settings.externalJwt().get();
            jwt = new JwtSettings(ext.jwksUrl(), ext.issuer(), ext.audience());
            userPool = null;
            userPoolClient = null;
        } else {
            userPool = createUserPool(settings);
            userPoolClient = userPool.addClient("AppClient", UserPoolClientOptions.builder()
                    .userPoolClientName(settings.name("app"))
                    .generateSecret(false) // a public (mobile/web) client cannot keep a secret
                    // Apps: SRP only (USER_PASSWORD_AUTH would let anyone send passwords to a public client).
                    // Operators: ADMIN_USER_PASSWORD_AUTH needs IAM credentials (smoke tests, docs/operations.md).
                    .authFlows(AuthFlow.builder().userSrp(true).adminUserPassword(true).build())
                    .preventUserExistenceErrors(true)
                    .idTokenValidity(Duration.hours(1))
                    .accessTokenValidity(Duration.hours(1))
                    .refreshTokenValidity(Duration.days(30))
                    .build());
            String issuer = userPool.getUserPoolProviderUrl();
            jwt = new JwtSettings(issuer + "/.well-known/jwks.json", issuer, userPoolClient.getUserPoolClientId());
        }
        // No fixed name: a deleted secret keeps its name for the recovery window (7-30 days), so a fixed name
        // would make a stage fail to redeploy after a teardown. Functions and operators get the ARN.
        firebaseSecret = Secret.Builder.create(this, "FirebaseServiceAccount")
                .description("Chatline " + settings.stage() + ": Firebase service-account JSON for push (FCM). "
                        + "Replace the placeholder with: aws secretsmanager put-secret-value (docs/operations.md).")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"unconfigured\":true}")
                        .generateStringKey("placeholder")
                        .build())
                .removalPolicy(settings.statefulRemovalPolicy())
                .build();
        Nag.suppress(firebaseSecret, "AwsSolutions-SMG4", "A Firebase service-account key is issued by Google; "
                + "Secrets Manager cannot rotate it. Operators rotate it in the Firebase console and put the new "
                + "JSON (docs/operations.md).");
    }

    private UserPool createUserPool(ChatlineSettings settings) {
        UserPool pool = UserPool.Builder.create(this, "UserPool")
                .userPoolName(settings.name("users"))
                .selfSignUpEnabled(true)
                .signInAliases(SignInAliases.builder().email(true).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireLowercase(true)
                        .requireUppercase(true).requireDigits(true).requireSymbols(true).build())
                .mfa(Mfa.OPTIONAL)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .deletionProtection(settings.production())
                .removalPolicy(settings.statefulRemovalPolicy())
                .build();
        Nag.suppress(pool, "AwsSolutions-COG2", "MFA is optional (TOTP) rather than required: a consumer chat app "
                + "signs in once per device and keeps a refresh token; messages are protected end to end by device "
                + "keys, not by the account password. Operators can require MFA (docs/operations.md).");
        Nag.suppress(pool, "AwsSolutions-COG3", "Threat protection (advanced security ENFORCED) needs the Cognito "
                + "Plus feature plan, billed per monthly active user; it is left to the operator "
                + "(docs/operations.md) rather than imposed by default.");
        return pool;
    }

    public JwtSettings jwt() {
        return jwt;
    }

    public Optional<UserPool> userPool() {
        return Optional.ofNullable(userPool);
    }

    public Optional<UserPoolClient> userPoolClient() {
        return Optional.ofNullable(userPoolClient);
    }

    public Secret firebaseSecret() {
        return firebaseSecret;
    }
}
