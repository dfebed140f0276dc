//! The certificate/key checks of `kubectl create secret tls`, which calls Go's
//! `tls.X509KeyPair`: PEM blocks found in the same order and with the same messages, the leaf
//! certificate and the private key decoded from DER, and their public keys compared.
//!
//! What is checked, and what Go checks beyond it:
//!
//! * PEM: the certificate input must hold a `CERTIFICATE` block, the key input a block whose
//!   type is `PRIVATE KEY` or ends in ` PRIVATE KEY` (`RSA PRIVATE KEY`, `EC PRIVATE KEY`...),
//!   with Go's messages; a malformed block is skipped, as Go skips it.
//! * Certificate: the DER structure down to its `subjectPublicKeyInfo`; anything else
//!   malformed is `x509: malformed certificate`. Go's parser also checks names, validity
//!   times and extensions, and words some errors differently.
//! * Private key: PKCS#1 (RSA), PKCS#8 (RSA, EC, Ed25519) and SEC1 (EC), tried in Go's order.
//!   Go also checks the RSA key's arithmetic (it computes with it); kubeforge does not.
//! * Match: RSA by modulus, as Go; EC by the public point the key file carries (OpenSSL always
//!   writes it), where Go derives it from the private scalar, so an EC key without its public
//!   point is not matched; Ed25519 by type only (deriving its public key needs the curve
//!   arithmetic, which kubeforge does not carry).

/// `rsaEncryption`
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// `id-ecPublicKey`
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// `id-Ed25519`
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
/// `id-X25519` (Go parses it in PKCS#8, then `tls` refuses the key type)
const OID_X25519: &[u8] = &[0x2b, 0x65, 0x6e];
/// The curves Go's `crypto/x509` supports: P-224, P-256, P-384, P-521.
const CURVES: [&[u8]; 4] = [
    &[0x2b, 0x81, 0x04, 0x00, 0x21],
    &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
    &[0x2b, 0x81, 0x04, 0x00, 0x22],
    &[0x2b, 0x81, 0x04, 0x00, 0x23],
];

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;

/// A DER reader over the contents of one constructed value.
struct Der<'a>(&'a [u8]);

impl<'a> Der<'a> {
    /// The next TLV: its tag and contents (single-byte tags, definite lengths).
    fn next(&mut self) -> Option<(u8, &'a [u8])> {
        let (&tag, rest) = self.0.split_first()?;
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 {
                return None;
            }
            let mut len = 0usize;
            for _ in 0..count {
                let (&b, r) = rest.split_first()?;
                len = (len << 8) | usize::from(b);
                rest = r;
            }
            len
        };
        let contents = rest.get(..len)?;
        self.0 = rest.get(len..)?;
        Some((tag, contents))
    }

    /// The next TLV if it has `tag`.
    fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        match self.next()? {
            (t, contents) if t == tag => Some(contents),
            _ => None,
        }
    }

    /// The next TLV's tag, without consuming it.
    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The one value `der` holds, which must have `tag` and nothing after it.
fn single(der: &[u8], tag: u8) -> Option<&[u8]> {
    let mut d = Der(der);
    let contents = d.expect(tag)?;
    d.is_empty().then_some(contents)
}

/// An INTEGER's magnitude without leading zero bytes (`None` when not positive).
fn positive(int: &[u8]) -> Option<&[u8]> {
    if int.first().is_none_or(|b| b & 0x80 != 0) {
        return None;
    }
    let start = int.iter().position(|&b| b != 0)?;
    int.get(start..)
}

/// A BIT STRING's bits, which must be whole bytes.
fn bits(bit_string: &[u8]) -> Option<&[u8]> {
    match bit_string.split_first()? {
        (0, bytes) => Some(bytes),
        _ => None,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum PublicKey<'a> {
    Rsa { modulus: &'a [u8] },
    Ec { curve: &'a [u8], point: &'a [u8] },
    Ed25519,
    Unknown,
}

#[derive(Debug, PartialEq, Eq)]
enum PrivateKey<'a> {
    Rsa {
        modulus: &'a [u8],
    },
    Ec {
        curve: &'a [u8],
        point: Option<&'a [u8]>,
    },
    Ed25519,
    /// A PKCS#8 key of a type `tls` refuses (X25519).
    Unsupported,
}

/// The leaf certificate's public key (`x509.ParseCertificate`, down to the SPKI).
fn certificate_public_key(der: &[u8]) -> Result<PublicKey<'_>, &'static str> {
    let malformed = "x509: malformed certificate";
    let mut cert = Der(single(der, SEQUENCE).ok_or(malformed)?);
    let mut tbs = Der(cert.expect(SEQUENCE).ok_or(malformed)?);
    cert.expect(SEQUENCE).ok_or(malformed)?;
    cert.expect(BIT_STRING).ok_or(malformed)?;
    if !cert.is_empty() {
        return Err(malformed);
    }
    if tbs.peek() == Some(0xa0) {
        tbs.next();
    }
    tbs.expect(INTEGER).ok_or(malformed)?;
    for _ in 0..4 {
        // signature algorithm, issuer, validity, subject
        tbs.expect(SEQUENCE).ok_or(malformed)?;
    }
    let mut spki = Der(tbs.expect(SEQUENCE).ok_or(malformed)?);
    let mut algorithm = Der(spki.expect(SEQUENCE).ok_or(malformed)?);
    let oid = algorithm.expect(OID).ok_or(malformed)?;
    let key = bits(spki.expect(BIT_STRING).ok_or(malformed)?).ok_or(malformed)?;
    if oid == OID_RSA {
        let mut rsa = Der(single(key, SEQUENCE).ok_or("x509: invalid RSA public key")?);
        let modulus = rsa.expect(INTEGER).ok_or("x509: invalid RSA public key")?;
        let modulus = positive(modulus).ok_or("x509: RSA modulus is not a positive number")?;
        return Ok(PublicKey::Rsa { modulus });
    }
    if oid == OID_EC {
        let curve = algorithm.expect(OID).ok_or(malformed)?;
        if !CURVES.contains(&curve) {
            return Err("x509: unsupported elliptic curve");
        }
        if key.first() != Some(&0x04) {
            return Err("x509: failed to unmarshal elliptic curve point");
        }
        return Ok(PublicKey::Ec { curve, point: key });
    }
    if oid == OID_ED25519 {
        if key.len() != 32 {
            return Err("x509: wrong Ed25519 public key size");
        }
        return Ok(PublicKey::Ed25519);
    }
    Ok(PublicKey::Unknown)
}

/// PKCS#1 `RSAPrivateKey`.
fn pkcs1(der: &[u8]) -> Option<PrivateKey<'_>> {
    let mut key = Der(single(der, SEQUENCE)?);
    let version = key.expect(INTEGER)?;
    if version.len() != 1 || version.first().is_none_or(|&v| v > 1) {
        return None;
    }
    let modulus = positive(key.expect(INTEGER)?)?;
    for _ in 0..7 {
        // publicExponent, privateExponent, prime1, prime2, exponent1, exponent2, coefficient
        key.expect(INTEGER)?;
    }
    Some(PrivateKey::Rsa { modulus })
}

/// SEC1 `ECPrivateKey`; `curve` is the PKCS#8 wrapper's, when there is one.
fn sec1<'a>(der: &'a [u8], curve: Option<&'a [u8]>) -> Option<PrivateKey<'a>> {
    let mut key = Der(single(der, SEQUENCE)?);
    if key.expect(INTEGER)? != [1] {
        return None;
    }
    key.expect(OCTET_STRING)?;
    let mut curve = curve;
    let mut point = None;
    while let Some((tag, contents)) = key.next() {
        match tag {
            0xa0 => {
                let own = single(contents, OID)?;
                curve = curve.or(Some(own));
            }
            0xa1 => point = Some(bits(single(contents, BIT_STRING)?)?),
            _ => {}
        }
    }
    let curve = curve?;
    CURVES
        .contains(&curve)
        .then_some(PrivateKey::Ec { curve, point })
}

/// PKCS#8 `PrivateKeyInfo`.
fn pkcs8(der: &[u8]) -> Option<PrivateKey<'_>> {
    let mut info = Der(single(der, SEQUENCE)?);
    info.expect(INTEGER)?;
    let mut algorithm = Der(info.expect(SEQUENCE)?);
    let oid = algorithm.expect(OID)?;
    let inner = info.expect(OCTET_STRING)?;
    if oid == OID_RSA {
        return pkcs1(inner);
    }
    if oid == OID_EC {
        let curve = algorithm.expect(OID)?;
        return sec1(inner, Some(curve));
    }
    if oid == OID_ED25519 {
        return (single(inner, OCTET_STRING)?.len() == 32).then_some(PrivateKey::Ed25519);
    }
    if oid == OID_X25519 {
        return Some(PrivateKey::Unsupported);
    }
    None
}

/// Go's `parsePrivateKey` in `crypto/tls`: PKCS#1, then PKCS#8, then SEC1.
fn private_key(der: &[u8]) -> Result<PrivateKey<'_>, &'static str> {
    match pkcs1(der).or_else(|| pkcs8(der)) {
        Some(PrivateKey::Unsupported) => {
            Err("tls: found unknown private key type in PKCS#8 wrapping")
        }
        Some(key) => Ok(key),
        None => sec1(der, None).ok_or("tls: failed to parse private key"),
    }
}

/// The PEM blocks of `input` as (type, DER). Like Go's `pem.Decode`, a malformed block (bad
/// base64, mismatched END line) is skipped and the search goes on after its BEGIN line.
fn blocks(input: &[u8]) -> Vec<(String, Vec<u8>)> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let entry = |p: pem::Pem| (p.tag().to_owned(), p.into_contents());
    if let Ok(all) = pem::parse_many(input) {
        return all.into_iter().map(entry).collect();
    }
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut out = Vec::new();
    let mut rest = input;
    while let Some(start) = find(rest, BEGIN) {
        let from = rest.get(start..).unwrap_or_default();
        let after_begin = from.get(BEGIN.len()..).unwrap_or_default();
        match pem::parse(from) {
            Ok(block) => {
                out.push(entry(block));
                // Past the END line's closing dashes.
                let end = find(after_begin, b"-----END ").and_then(|e| {
                    let tail = after_begin.get(e + 9..)?;
                    Some(e + 9 + find(tail, b"-----")? + 5)
                });
                rest = end.and_then(|e| after_begin.get(e..)).unwrap_or_default();
            }
            Err(_) => rest = after_begin,
        }
    }
    out
}

/// Go's `%v` of a `[]string`: `[A B]`.
fn go_list(types: &[String]) -> String {
    format!("[{}]", types.join(" "))
}

/// `tls.X509KeyPair(cert, key)` as kubectl runs it: `Ok` when Go accepts the pair (within
/// the limits in the module docs), else Go's message.
pub(crate) fn check_key_pair(cert: &[u8], key: &[u8]) -> Result<(), String> {
    let mut certificates = Vec::new();
    let mut skipped = Vec::new();
    for (kind, der) in blocks(cert) {
        if kind == "CERTIFICATE" {
            certificates.push(der);
        } else {
            skipped.push(kind);
        }
    }
    let Some(leaf) = certificates.first() else {
        return Err(match skipped.as_slice() {
            [] => "tls: failed to find any PEM data in certificate input".to_owned(),
            [one] if one.ends_with("PRIVATE KEY") => "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched".to_owned(),
            many => format!(
                "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: {}",
                go_list(many)
            ),
        });
    };
    let mut skipped = Vec::new();
    let mut key_der = None;
    for (kind, der) in blocks(key) {
        if kind == "PRIVATE KEY" || kind.ends_with(" PRIVATE KEY") {
            key_der = Some(der);
            break;
        }
        skipped.push(kind);
    }
    let Some(key_der) = key_der else {
        return Err(match skipped.as_slice() {
            [] => "tls: failed to find any PEM data in key input".to_owned(),
            [one] if one == "CERTIFICATE" => {
                "tls: found a certificate rather than a key in the PEM for the private key"
                    .to_owned()
            }
            many => format!(
                "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: {}",
                go_list(many)
            ),
        });
    };
    let public = certificate_public_key(leaf).map_err(str::to_owned)?;
    let private = private_key(&key_der).map_err(str::to_owned)?;
    let mismatch = || Err("tls: private key does not match public key".to_owned());
    let wrong_type = || Err("tls: private key type does not match public key type".to_owned());
    match (public, private) {
        (PublicKey::Rsa { modulus }, PrivateKey::Rsa { modulus: m }) => {
            if modulus == m {
                Ok(())
            } else {
                mismatch()
            }
        }
        (PublicKey::Ec { curve, point }, PrivateKey::Ec { curve: c, point: p }) => {
            if curve != c || p.is_some_and(|p| p != point) {
                mismatch()
            } else {
                Ok(())
            }
        }
        (PublicKey::Ed25519, PrivateKey::Ed25519) => Ok(()),
        (PublicKey::Unknown, _) => Err("tls: unknown public key algorithm".to_owned()),
        _ => wrong_type(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths() {
        let mut d = Der(&[0x30, 0x81, 0x02, 0x01, 0x02, 0x04, 0x00]);
        assert_eq!(d.next(), Some((0x30, &[0x01, 0x02][..])));
        assert_eq!(d.next(), Some((0x04, &[][..])));
        assert_eq!(d.next(), None);
        assert_eq!(Der(&[0x30, 0x05, 0x00]).next(), None);
        assert_eq!(Der(&[0x30, 0x80]).next(), None);
    }

    #[test]
    fn pem_errors_in_go_words() {
        assert_eq!(
            check_key_pair(b"", b"").unwrap_err(),
            "tls: failed to find any PEM data in certificate input"
        );
        let key = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            check_key_pair(key, key).unwrap_err(),
            "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched"
        );
        let cert = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert_eq!(
            check_key_pair(cert, cert).unwrap_err(),
            "tls: found a certificate rather than a key in the PEM for the private key"
        );
        assert_eq!(
            check_key_pair(cert, key).unwrap_err(),
            "x509: malformed certificate"
        );
    }
}
