package dev.homeport.iam;

import dev.homeport.protocol.Principal;
import dev.homeport.protocol.sigv4.Credentials;
import dev.homeport.protocol.sigv4.KeyDirectory;

import java.util.Optional;

/**
 * IAM users' active access keys, for the signature check: a key signs as its user. An inactive key, or the key of a
 * user deleted meanwhile, is no key (AWS answers InvalidClientTokenId / UnrecognizedClientException).
 */
public final class IamKeys implements KeyDirectory {
    private final IamStore store;

    public IamKeys(IamStore store) {
        this.store = store;
    }

    @Override
    public Optional<Credentials> find(String accessKeyId) {
        IamStore.Snapshot s = store.snapshot();
        AccessKey key = s.keys().get(accessKeyId);
        if (key == null || key.status() != AccessKey.Status.Active) {
            return Optional.empty();
        }
        return s.find(key.account(), IamEntity.Kind.USER, key.userName(), IamUser.class)
                .map(user -> new Credentials(key.id(), key.secret(),
                        new Principal(Principal.Kind.USER, user.account(), user.arn(), user.id())));
    }
}
