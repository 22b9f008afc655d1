#include "files.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <openssl/pem.h>

namespace pem {
namespace {

std::string contents(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool is_encrypted_key(const std::filesystem::path& path) {
    return contents(path).find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string::npos;
}

x509_ptr read_certificate(const std::filesystem::path& path) {
    const std::string text = contents(path);
    std::unique_ptr<BIO, freer<BIO, BIO_free_all>> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    return x509_ptr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

} // namespace

std::vector<entry> read_directory(const std::string& directory) {
    std::vector<entry> out;
    std::error_code ec;
    for (const auto& file : std::filesystem::directory_iterator(directory, ec)) {
        if (file.path().extension() != ".crt") continue;
        auto cert = read_certificate(file.path());
        if (!cert) continue;
        auto key = file.path();
        key.replace_extension(".key");
        const bool usable = std::filesystem::is_regular_file(key, ec) && is_encrypted_key(key);
        out.push_back({file.path().stem().string(), std::move(cert), usable ? key.string() : std::string()});
    }
    std::sort(out.begin(), out.end(), [](const entry& a, const entry& b) { return a.name < b.name; });
    return out;
}

pkey_ptr read_key(const std::string& path, const std::string& pin) {
    const std::string text = contents(path);
    std::unique_ptr<BIO, freer<BIO, BIO_free_all>> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio) return nullptr;
    // The PIN as the passphrase; OpenSSL's own prompt must never run in a module.
    auto* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, const_cast<char*>(pin.c_str()));
    return pkey_ptr(key);
}

} // namespace pem
