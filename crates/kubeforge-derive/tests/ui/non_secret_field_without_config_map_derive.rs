use kubeforge::secrecy::SecretString;

#[derive(kubeforge::Secret)]
struct DbCredentials {
    user: String,
    password: SecretString,
}

fn main() {}
