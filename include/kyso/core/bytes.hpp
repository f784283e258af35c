// kyso — byte buffers and small helpers over them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kyso {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view as_chars(ByteView b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::string base64_encode(ByteView data);
// Strict decoding; whitespace (XML line breaks) is skipped. Returns false on any other bad character.
bool base64_decode(std::string_view text, Bytes& out);
std::string hex_encode(ByteView data, bool upper = false);

// Wipes a buffer that held a secret (PIN, passphrase).
void secure_wipe(void* data, std::size_t size) noexcept;

// A string that wipes itself: PINs and passphrases live only in these.
class SecretString {
public:
    SecretString() = default;
    explicit SecretString(std::string value) : m_value(std::move(value)) {}
    SecretString(const SecretString& other) : m_value(other.m_value) {}
    SecretString& operator=(const SecretString& other) {
        if (this != &other) {
            wipe();
            m_value = other.m_value;
        }
        return *this;
    }
    SecretString(SecretString&& other) noexcept : m_value(std::move(other.m_value)) { other.wipe(); }
    SecretString& operator=(SecretString&& other) noexcept {
        if (this != &other) {
            wipe();
            m_value = std::move(other.m_value);
            other.wipe();
        }
        return *this;
    }
    ~SecretString() { wipe(); }
    const std::string& reveal() const { return m_value; }
    bool empty() const { return m_value.empty(); }

private:
    void wipe() noexcept {
        secure_wipe(m_value.data(), m_value.size());
        m_value.clear();
    }
    std::string m_value;
};

}  // namespace kyso
