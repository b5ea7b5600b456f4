package transporttest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"
)

// PKI is throwaway TLS material for one test: a certificate authority, a
// server certificate it signed for 127.0.0.1, ::1 and localhost, and a
// client certificate it signed for client authentication. All keys are
// ECDSA P-256 and the certificates are valid for an hour around creation.
type PKI struct {
	CA      *x509.Certificate
	RootCAs *x509.CertPool // holds CA; trusts the server and the client
	Server  tls.Certificate
	Client  tls.Certificate
}

// NewPKI generates a PKI, failing t on any error.
func NewPKI(t testing.TB) *PKI {
	t.Helper()
	now := time.Now()
	caKey := newKey(t)
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: "transporttest CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	ca := sign(t, caTmpl, caTmpl, &caKey.PublicKey, caKey)

	p := &PKI{CA: ca, RootCAs: x509.NewCertPool()}
	p.RootCAs.AddCert(ca)

	p.Server = leaf(t, ca, caKey, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "transporttest server"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:    []string{"localhost"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	p.Client = leaf(t, ca, caKey, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "transporttest client"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	return p
}

// ServerTLS returns a server configuration that presents the server
// certificate and requires a client certificate signed by the CA.
func (p *PKI) ServerTLS() *tls.Config {
	return &tls.Config{
		Certificates: []tls.Certificate{p.Server},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    p.RootCAs,
		MinVersion:   tls.VersionTLS12,
	}
}

// ClientTLS returns a client configuration that trusts the CA and, when
// withCert is true, presents the client certificate.
func (p *PKI) ClientTLS(withCert bool) *tls.Config {
	c := &tls.Config{RootCAs: p.RootCAs, MinVersion: tls.VersionTLS12}
	if withCert {
		c.Certificates = []tls.Certificate{p.Client}
	}
	return c
}

func leaf(t testing.TB, ca *x509.Certificate, caKey *ecdsa.PrivateKey, tmpl *x509.Certificate) tls.Certificate {
	t.Helper()
	key := newKey(t)
	tmpl.SerialNumber = serial(t)
	tmpl.NotBefore = ca.NotBefore
	tmpl.NotAfter = ca.NotAfter
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	cert := sign(t, tmpl, ca, &key.PublicKey, caKey)
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}
}

func sign(t testing.TB, tmpl, parent *x509.Certificate, pub *ecdsa.PublicKey, signer *ecdsa.PrivateKey) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		t.Fatalf("transporttest: create certificate %q: %v", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("transporttest: parse certificate %q: %v", tmpl.Subject.CommonName, err)
	}
	return cert
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("transporttest: generate key: %v", err)
	}
	return k
}

func serial(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatalf("transporttest: serial number: %v", err)
	}
	return n
}
