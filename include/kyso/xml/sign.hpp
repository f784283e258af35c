// kyso — XML-DSig signing of claims XML and its sibling messages, spliced into the original bytes.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>
#include <kyso/keys/signer.hpp>
#include <kyso/xml/profile.hpp>

#include <optional>

namespace kyso::xml {

struct SignOptions {
    std::optional<ProfileId> profile;  // default: detected from the root element
    keys::DigestAlgorithm digest = keys::DigestAlgorithm::sha256;
    bool include_chain = false;  // X509Certificate for the intermediates too
};

// The three steps of a signing, so a batch can compute many digests before the token signs them.
class PreparedSignature {
public:
    PreparedSignature(PreparedSignature&&) noexcept;
    PreparedSignature& operator=(PreparedSignature&&) noexcept;
    ~PreparedSignature();

    // The digest of the canonical SignedInfo: what the Signer signs.
    const Bytes& data_to_sign_digest() const;
    keys::DigestAlgorithm digest_algorithm() const;
    ProfileId profile() const;

    // Embeds the signature value: the input bytes with the Signature element spliced in.
    Result<Bytes> finish(ByteView signature_value) const;

    // Whether `output` is this input with one element spliced in at the signature slot, every other byte
    // unchanged (used to resume a batch; the signature itself is checked by verification).
    bool is_spliced_output(ByteView output) const;

private:
    friend Result<PreparedSignature> prepare(ByteView, const keys::Signer&, const SignOptions&);
    struct Impl;
    explicit PreparedSignature(std::unique_ptr<Impl>);
    std::unique_ptr<Impl> m_impl;
};

Result<PreparedSignature> prepare(ByteView document, const keys::Signer& signer, const SignOptions& options);

// prepare → signer.sign_digests → finish, for one document.
Result<Bytes> sign(ByteView document, keys::Signer& signer, const SignOptions& options);

}  // namespace kyso::xml
