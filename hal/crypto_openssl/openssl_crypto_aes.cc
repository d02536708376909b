#include <algorithm>

#include <openssl/core_names.h>
#include <openssl/err.h>

#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/crypto_openssl/openssl_crypto_state.h"

namespace kb::hal::openssl {

using namespace detail;

namespace {

constexpr size_t kBlock = 16;
constexpr size_t kSemiblock = 8;

bool whole_blocks(Bytes in, MutableBytes out) {
  return in.size() % kBlock == 0 && out.size() == in.size() && fits_int(in.size());
}

bool ccm_sizes_ok(Bytes key, Bytes nonce, size_t tag_size, size_t message_size) {
  if (!is_aes_key(key) || nonce.size() < 7 || nonce.size() > 13 || tag_size < 4 || tag_size > 16 || tag_size % 2 != 0) {
    return false;
  }
  // The length field has 15 - nonce bytes.
  const size_t length_bytes = 15 - nonce.size();
  return length_bytes >= sizeof(size_t) || message_size < (size_t{1} << (8 * length_bytes));
}

// One pass of a block cipher without padding: ECB, CBC, and the key-wrap ciphers (which take the
// whole input in one update). Writes exactly out.size() bytes or fails.
bool run_cipher(const EVP_CIPHER* cipher, Bytes key, const unsigned char* iv, bool encrypt, Bytes in,
                MutableBytes out) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return false;
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  if (EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), iv, encrypt ? 1 : 0, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1) {
    return false;
  }
  unsigned char nothing[kBlock];
  unsigned char* at = out.empty() ? nothing : out.data();
  int n = 0, tail = 0;
  if (!in.empty() && EVP_CipherUpdate(ctx.get(), at, &n, in.data(), static_cast<int>(in.size())) != 1) return false;
  if (EVP_CipherFinal_ex(ctx.get(), at + n, &tail) != 1) return false;
  return static_cast<size_t>(n) + static_cast<size_t>(tail) == out.size();
}

// CMAC names its block cipher in CBC mode. OpenSSL only reads the string.
char* cmac_cipher(size_t key_size) {
  static char aes128[] = "AES-128-CBC";
  static char aes256[] = "AES-256-CBC";
  return key_size == 16 ? aes128 : aes256;
}

}  // namespace

CryptoResult OpensslCrypto::aes_ecb_encrypt(Bytes key, Bytes in, MutableBytes out) {
  if (!is_aes_key(key) || !whole_blocks(in, out)) return CryptoResult::kInvalidArgument;
  if (!run_cipher(state_->ecb.for_key(key.size()), key, nullptr, true, in, out)) {
    return state_->fail(CryptoResult::kFailed, "AES-ECB encrypt");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::aes_ecb_decrypt(Bytes key, Bytes in, MutableBytes out) {
  if (!is_aes_key(key) || !whole_blocks(in, out)) return CryptoResult::kInvalidArgument;
  if (!run_cipher(state_->ecb.for_key(key.size()), key, nullptr, false, in, out)) {
    return state_->fail(CryptoResult::kFailed, "AES-ECB decrypt");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::aes_cbc_encrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) {
  if (!is_aes_key(key) || iv.size() != kBlock || !whole_blocks(in, out)) return CryptoResult::kInvalidArgument;
  if (!run_cipher(state_->cbc.for_key(key.size()), key, iv.data(), true, in, out)) {
    return state_->fail(CryptoResult::kFailed, "AES-CBC encrypt");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::aes_cbc_decrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) {
  if (!is_aes_key(key) || iv.size() != kBlock || !whole_blocks(in, out)) return CryptoResult::kInvalidArgument;
  if (!run_cipher(state_->cbc.for_key(key.size()), key, iv.data(), false, in, out)) {
    return state_->fail(CryptoResult::kFailed, "AES-CBC decrypt");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::aes_cmac(Bytes key, Bytes message, MutableBytes tag16) {
  if (!is_aes_key(key) || tag16.size() != kBlock) return CryptoResult::kInvalidArgument;
  MacCtxPtr ctx(EVP_MAC_CTX_new(state_->cmac.get()));
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cmac_cipher(key.size()), 0),
                               OSSL_PARAM_construct_end()};
  size_t written = 0;
  if (!ctx || EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), data_or_empty(message), message.size()) != 1 ||
      EVP_MAC_final(ctx.get(), tag16.data(), &written, tag16.size()) != 1 || written != kBlock) {
    return state_->fail(CryptoResult::kFailed, "AES-CMAC");
  }
  return CryptoResult::kOk;
}

namespace {

// The part CCM encryption and decryption share: cipher, nonce and tag length (SP 800-38C encodes
// both in B0), key, the message length (CCM needs it before any data) and the AAD. On decryption
// `tag` is the expected tag; on encryption it only gives the length.
bool ccm_start(EVP_CIPHER_CTX* ctx, const EVP_CIPHER* cipher, bool encrypt, Bytes key, Bytes nonce, Bytes aad,
               size_t message_size, Bytes tag) {
  if (EVP_CipherInit_ex2(ctx, cipher, nullptr, nullptr, encrypt ? 1 : 0, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                          encrypt ? nullptr : const_cast<unsigned char*>(tag.data())) != 1 ||
      EVP_CipherInit_ex2(ctx, nullptr, key.data(), nonce.data(), -1, nullptr) != 1) {
    return false;
  }
  int n = 0;
  if (EVP_CipherUpdate(ctx, nullptr, &n, nullptr, static_cast<int>(message_size)) != 1) return false;
  return aad.empty() || EVP_CipherUpdate(ctx, nullptr, &n, aad.data(), static_cast<int>(aad.size())) == 1;
}

}  // namespace

CryptoResult OpensslCrypto::aes_ccm_encrypt(Bytes key, Bytes nonce, Bytes aad, Bytes plaintext, MutableBytes ciphertext,
                                            MutableBytes tag) {
  if (!ccm_sizes_ok(key, nonce, tag.size(), plaintext.size()) || ciphertext.size() != plaintext.size() ||
      !fits_int(aad.size())) {
    return CryptoResult::kInvalidArgument;
  }
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  // The data step runs even for an empty message: it is where OpenSSL computes the tag.
  unsigned char nothing = 0;
  int n = 0;
  if (!ctx || !ccm_start(ctx.get(), state_->ccm.for_key(key.size()), true, key, nonce, aad, plaintext.size(), tag) ||
      EVP_CipherUpdate(ctx.get(), ciphertext.empty() ? &nothing : ciphertext.data(), &n, data_or_empty(plaintext),
                       static_cast<int>(plaintext.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), &nothing, &n) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(tag.size()), tag.data()) != 1) {
    wipe(ciphertext);
    wipe(tag);
    return state_->fail(CryptoResult::kFailed, "AES-CCM encrypt");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::aes_ccm_decrypt(Bytes key, Bytes nonce, Bytes aad, Bytes ciphertext, Bytes tag,
                                            MutableBytes plaintext) {
  if (!ccm_sizes_ok(key, nonce, tag.size(), ciphertext.size()) || plaintext.size() != ciphertext.size() ||
      !fits_int(aad.size())) {
    return CryptoResult::kInvalidArgument;
  }
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx || !ccm_start(ctx.get(), state_->ccm.for_key(key.size()), false, key, nonce, aad, ciphertext.size(), tag)) {
    wipe(plaintext);
    return state_->fail(CryptoResult::kFailed, "AES-CCM decrypt");
  }
  // OpenSSL checks the tag inside this update; a mismatch is its only failure once set up.
  unsigned char nothing = 0;
  int n = 0;
  if (EVP_CipherUpdate(ctx.get(), plaintext.empty() ? &nothing : plaintext.data(), &n, data_or_empty(ciphertext),
                       static_cast<int>(ciphertext.size())) != 1) {
    wipe(plaintext);  // unauthenticated plaintext must not leak
    ERR_clear_error();
    return CryptoResult::kVerifyFailed;
  }
  return CryptoResult::kOk;
}

namespace {

bool gcm_sizes_ok(Bytes key, Bytes iv, size_t tag_size, Bytes aad, size_t message_size) {
  const bool tag_ok = tag_size == 4 || tag_size == 8 || (tag_size >= 12 && tag_size <= 16);
  return is_aes_key(key) && !iv.empty() && iv.size() <= 64 && tag_ok && fits_int(aad.size()) && fits_int(message_size);
}

// Cipher, IV length, key, IV and AAD: what GCM encryption and decryption share.
bool gcm_start(EVP_CIPHER_CTX* ctx, const EVP_CIPHER* cipher, bool encrypt, Bytes key, Bytes iv, Bytes aad) {
  if (EVP_CipherInit_ex2(ctx, cipher, nullptr, nullptr, encrypt ? 1 : 0, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(iv.size()), nullptr) != 1 ||
      EVP_CipherInit_ex2(ctx, nullptr, key.data(), iv.data(), -1, nullptr) != 1) {
    return false;
  }
  int n = 0;
  return aad.empty() || EVP_CipherUpdate(ctx, nullptr, &n, aad.data(), static_cast<int>(aad.size())) == 1;
}

}  // namespace

CryptoResult OpensslCrypto::aes_gcm_encrypt(Bytes key, Bytes iv, Bytes aad, Bytes plaintext, MutableBytes ciphertext,
                                            MutableBytes tag) {
  if (!gcm_sizes_ok(key, iv, tag.size(), aad, plaintext.size()) || ciphertext.size() != plaintext.size()) {
    return CryptoResult::kInvalidArgument;
  }
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  unsigned char full_tag[16];
  unsigned char nothing = 0;
  int n = 0;
  if (!ctx || !gcm_start(ctx.get(), state_->gcm.for_key(key.size()), true, key, iv, aad) ||
      (!plaintext.empty() &&
       EVP_CipherUpdate(ctx.get(), ciphertext.data(), &n, plaintext.data(), static_cast<int>(plaintext.size())) != 1) ||
      EVP_CipherFinal_ex(ctx.get(), &nothing, &n) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, sizeof full_tag, full_tag) != 1) {
    wipe(ciphertext);
    wipe(tag);
    return state_->fail(CryptoResult::kFailed, "AES-GCM encrypt");
  }
  std::copy(full_tag, full_tag + tag.size(), tag.begin());
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::aes_gcm_decrypt(Bytes key, Bytes iv, Bytes aad, Bytes ciphertext, Bytes tag,
                                            MutableBytes plaintext) {
  if (!gcm_sizes_ok(key, iv, tag.size(), aad, ciphertext.size()) || plaintext.size() != ciphertext.size()) {
    return CryptoResult::kInvalidArgument;
  }
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int n = 0;
  if (!ctx || !gcm_start(ctx.get(), state_->gcm.for_key(key.size()), false, key, iv, aad) ||
      (!ciphertext.empty() && EVP_CipherUpdate(ctx.get(), plaintext.data(), &n, ciphertext.data(),
                                               static_cast<int>(ciphertext.size())) != 1) ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                          const_cast<unsigned char*>(tag.data())) != 1) {
    wipe(plaintext);
    return state_->fail(CryptoResult::kFailed, "AES-GCM decrypt");
  }
  // The tag is checked at the final step; a mismatch is its only failure once set up.
  unsigned char nothing = 0;
  if (EVP_CipherFinal_ex(ctx.get(), &nothing, &n) != 1) {
    wipe(plaintext);  // unauthenticated plaintext must not leak
    ERR_clear_error();
    return CryptoResult::kVerifyFailed;
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::aes_key_wrap(Bytes kek, Bytes in, MutableBytes out) {
  if (!is_aes_key(kek) || in.size() < 2 * kSemiblock || in.size() % kSemiblock != 0 ||
      out.size() != in.size() + kSemiblock || !fits_int(out.size())) {
    return CryptoResult::kInvalidArgument;
  }
  // A null IV selects RFC 3394's default A6A6A6A6A6A6A6A6.
  if (!run_cipher(state_->wrap.for_key(kek.size()), kek, nullptr, true, in, out)) {
    wipe(out);
    return state_->fail(CryptoResult::kFailed, "AES key wrap");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::aes_key_unwrap(Bytes kek, Bytes in, MutableBytes out) {
  if (!is_aes_key(kek) || in.size() < 3 * kSemiblock || in.size() % kSemiblock != 0 ||
      out.size() != in.size() - kSemiblock || !fits_int(in.size())) {
    return CryptoResult::kInvalidArgument;
  }
  // With the sizes checked, a failed unwrap is the integrity check (the recovered IV is not the
  // default one).
  if (!run_cipher(state_->wrap.for_key(kek.size()), kek, nullptr, false, in, out)) {
    wipe(out);
    ERR_clear_error();
    return CryptoResult::kVerifyFailed;
  }
  return CryptoResult::kOk;
}

}  // namespace kb::hal::openssl
