//! What a Symphony login server does with the JWT a client posts: checks
//! its RS512 signature against the user's public key, then reads its
//! claims. Written here on `ring` directly, with the public key alone (the
//! client signs through rustls's crypto provider, ring's by default).

use base64::Engine as _;
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::SubjectPublicKeyInfoDer;

/// The claims of `jwt` when its header says RS512 and its signature
/// verifies with the RSA public key `public_pem` (`BEGIN PUBLIC KEY`),
/// and `exp` is in the future; else why not.
pub fn verify_rs512(jwt: &str, public_pem: &str) -> Result<serde_json::Value, String> {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err("not three parts".to_owned());
    };
    let decode = |part: &str| b64.decode(part).map_err(|e| format!("bad base64: {e}"));
    let header: serde_json::Value =
        serde_json::from_slice(&decode(header)?).map_err(|e| e.to_string())?;
    if header["alg"] != "RS512" {
        return Err(format!("alg is {}", header["alg"]));
    }
    let spki = SubjectPublicKeyInfoDer::from_pem_slice(public_pem.as_bytes())
        .map_err(|e| e.to_string())?;
    let key = rsa_public_key(spki.as_ref()).ok_or("not an RSA public key")?;
    let signed = &jwt[..jwt.rfind('.').unwrap_or_default()];
    ring::signature::UnparsedPublicKey::new(&ring::signature::RSA_PKCS1_2048_8192_SHA512, key)
        .verify(signed.as_bytes(), &decode(signature)?)
        .map_err(|_| "the signature does not verify".to_owned())?;
    let claims: serde_json::Value =
        serde_json::from_slice(&decode(claims)?).map_err(|e| e.to_string())?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    match claims["exp"].as_u64() {
        Some(exp) if exp > now => Ok(claims),
        Some(_) => Err("expired".to_owned()),
        None => Err("no exp".to_owned()),
    }
}

/// The `RSAPublicKey` inside a DER `SubjectPublicKeyInfo`: the second
/// element of its outer SEQUENCE, a BIT STRING with no unused bits.
fn rsa_public_key(spki: &[u8]) -> Option<&[u8]> {
    let (tag, outer, _) = tlv(spki)?;
    if tag != 0x30 {
        return None;
    }
    let (_, _, rest) = tlv(outer)?; // the AlgorithmIdentifier
    let (tag, bits, _) = tlv(rest)?;
    (tag == 0x03 && bits.first() == Some(&0)).then(|| &bits[1..])
}

/// One DER element: (tag, contents, what follows).
fn tlv(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |l, b| l << 8 | usize::from(*b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}
