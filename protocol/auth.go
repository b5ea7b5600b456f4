package protocol

import (
	"encoding/base64"
	"time"
)

// secretSigner sets one header to a precomputed credential. Its String
// method keeps the credential out of %v output. The credential sits behind a
// pointer because fmt does not call String on a value it reaches through an
// unexported field (where a client keeps its signer), nor for a verb like %d,
// but it always prints a nested pointer as an address.
type secretSigner struct {
	name  string
	value *string
}

func newSecretSigner(name, value string) Signer { return secretSigner{name, &value} }

func (s secretSigner) Sign(req *Request, _ time.Time) error {
	req.Header.Set(s.name, *s.value)
	return nil
}

func (s secretSigner) String() string { return s.name + ": " + Redacted }

// GoString keeps the credential out of %#v output too.
func (s secretSigner) GoString() string { return s.String() }

// BasicAuth returns a Signer that sends HTTP basic credentials.
func BasicAuth(user, password string) Signer {
	return newSecretSigner("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+password)))
}

// BearerToken returns a Signer that sends a bearer token.
func BearerToken(token string) Signer {
	return newSecretSigner("Authorization", "Bearer "+token)
}

// HeaderSecret returns a Signer that sends a credential in a header of its
// own, such as X-Api-Key.
func HeaderSecret(name, value string) Signer { return newSecretSigner(name, value) }
