import Foundation
import TOML
import Testing

/// Every manifest under deploy/kubernetes parses as YAML (with PyYAML, run
/// through python3: the machine and CI have both) and fits together: names
/// referenced by the Deployment exist, probes hit the right paths, and the
/// config in the ConfigMap loads with the project's TOML decoder.
@Suite("Kubernetes manifests")
struct KubernetesManifestTests {
    static let files = ["deployment.yaml", "service.yaml", "configmap.yaml", "secret.yaml", "pvc.yaml"]

    struct YAMLUnavailable: Error, CustomStringConvertible {
        let detail: String
        var description: String {
            "cannot parse YAML: \(detail). These tests need python3 with PyYAML (pip install pyyaml, or apt-get install python3-yaml)."
        }
    }

    /// file name -> its YAML documents, as Foundation JSON objects.
    static func load() throws -> [String: [[String: Any]]] {
        // The first python3 on PATH may be a separate install (pyenv) without
        // PyYAML while Debian's /usr/bin/python3 has python3-yaml: try each.
        let pythons = ExternalCommand.findAll("python3", extraFolders: ["/usr/bin"])
        guard !pythons.isEmpty else { throw YAMLUnavailable(detail: "python3 is not on PATH") }
        let script = """
            import json, sys
            try:
                import yaml
            except ImportError:
                sys.exit("PyYAML is not installed")
            out = {}
            for path in sys.argv[1:]:
                with open(path, encoding="utf-8") as f:
                    out[path.rsplit("/", 1)[-1]] = list(yaml.safe_load_all(f))
            json.dump(out, sys.stdout)
            """
        let paths = files.map { DeployFiles.url("kubernetes/" + $0).path }
        for path in paths where !FileManager.default.fileExists(atPath: path) { throw DeployFiles.Missing(path: path) }
        var failures: [String] = []
        var output: String?
        for python in pythons {
            let result = try ExternalCommand.run(python, ["-c", script] + paths)
            if result.status == 0 {
                output = result.stdout
                break
            }
            failures.append("\(python): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let stdout = output else { throw YAMLUnavailable(detail: failures.joined(separator: "; ")) }
        guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: [Any]] else {
            throw YAMLUnavailable(detail: "unexpected output from python3")
        }
        return object.mapValues { documents in documents.compactMap { $0 as? [String: Any] } }
    }

    /// `object[a][b]...` through dictionaries and array indices.
    static func dig(_ object: Any?, _ path: Any...) -> Any? {
        var current = object
        for step in path {
            if let key = step as? String {
                current = (current as? [String: Any])?[key]
            } else if let index = step as? Int, let array = current as? [Any], array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }

    @Test func everyFileParsesWithTheExpectedKinds() throws {
        let manifests = try Self.load()
        #expect(manifests["deployment.yaml"]?.map { $0["kind"] as? String } == ["Deployment"])
        #expect(manifests["service.yaml"]?.map { $0["kind"] as? String } == ["Service"])
        #expect(manifests["configmap.yaml"]?.map { $0["kind"] as? String } == ["ConfigMap", "ConfigMap"])
        #expect(manifests["secret.yaml"]?.map { $0["kind"] as? String } == ["Secret"])
        #expect(manifests["pvc.yaml"]?.map { $0["kind"] as? String } == ["PersistentVolumeClaim"])
        for (file, documents) in manifests {
            for document in documents {
                #expect(document["apiVersion"] is String, "\(file)")
                #expect(Self.dig(document, "metadata", "name") is String, "\(file)")
            }
        }
    }

    @Test func deploymentIsOneReplicaWithProbesLimitsAndALockedDownContainer() throws {
        let deployment = try #require(try Self.load()["deployment.yaml"]?.first)
        let spec = try #require(deployment["spec"] as? [String: Any])
        #expect(spec["replicas"] as? Int == 1)
        #expect(Self.dig(spec, "strategy", "type") as? String == "Recreate")
        let pod = try #require(Self.dig(spec, "template", "spec") as? [String: Any])
        #expect(Self.dig(pod, "securityContext", "runAsNonRoot") as? Bool == true)
        let container = try #require(Self.dig(pod, "containers", 0) as? [String: Any])
        #expect(Self.dig(container, "readinessProbe", "httpGet", "path") as? String == "/readyz")
        #expect(Self.dig(container, "livenessProbe", "httpGet", "path") as? String == "/healthz")
        #expect(Self.dig(container, "ports", 0, "containerPort") as? Int == 8080)
        #expect(Self.dig(container, "readinessProbe", "httpGet", "port") as? String == Self.dig(container, "ports", 0, "name") as? String)
        #expect(Self.dig(container, "securityContext", "readOnlyRootFilesystem") as? Bool == true)
        #expect(Self.dig(container, "securityContext", "allowPrivilegeEscalation") as? Bool == false)
        for key in ["requests", "limits"] {
            #expect(Self.dig(container, "resources", key, "cpu") is String, "\(key).cpu")
            #expect(Self.dig(container, "resources", key, "memory") is String, "\(key).memory")
        }
        #expect(container["args"] as? [String] == ["serve", "--config", "/etc/sniffer-bridge/config/bridge.toml"])
    }

    @Test func namesReferencedByTheDeploymentExist() throws {
        let manifests = try Self.load()
        let deployment = try #require(manifests["deployment.yaml"]?.first)
        let pod = try #require(Self.dig(deployment, "spec", "template", "spec") as? [String: Any])
        let volumes = try #require(pod["volumes"] as? [[String: Any]])
        let configMapNames = Set((manifests["configmap.yaml"] ?? []).compactMap { Self.dig($0, "metadata", "name") as? String })
        let referencedMaps = Set(volumes.compactMap { Self.dig($0, "configMap", "name") as? String })
        #expect(!referencedMaps.isEmpty)
        #expect(referencedMaps == configMapNames)
        let claim = volumes.compactMap { Self.dig($0, "persistentVolumeClaim", "claimName") as? String }
        #expect(claim == [Self.dig(manifests["pvc.yaml"]?.first, "metadata", "name") as? String])
        let secretName = Self.dig(pod, "containers", 0, "envFrom", 0, "secretRef", "name") as? String
        #expect(secretName != nil)
        #expect(secretName == Self.dig(manifests["secret.yaml"]?.first, "metadata", "name") as? String)
        // The Service selects the pods and targets the named port.
        let service = try #require(manifests["service.yaml"]?.first)
        let selector = try #require(Self.dig(service, "spec", "selector") as? [String: String])
        let podLabels = try #require(Self.dig(deployment, "spec", "template", "metadata", "labels") as? [String: String])
        #expect(!selector.isEmpty)
        #expect(selector.allSatisfy { podLabels[$0.key] == $0.value })
        #expect(Self.dig(service, "spec", "ports", 0, "targetPort") as? String == Self.dig(pod, "containers", 0, "ports", 0, "name") as? String)
        #expect(Self.dig(manifests["pvc.yaml"]?.first, "spec", "accessModes") as? [String] == ["ReadWriteOnce"])
    }

    @Test func configMapConfigLoadsAndEveryVariableComesFromTheSecret() throws {
        let manifests = try Self.load()
        let maps = manifests["configmap.yaml"] ?? []
        let config = try #require(maps.compactMap { Self.dig($0, "data", "bridge.toml") as? String }.first)
        let table = try TOML.parse(config)
        #expect(table["store"]?.value.tableValue?["path"]?.value.stringValue == "/var/lib/sniffer-bridge")
        #expect(table["mappings"]?.value.arrayValue?.first?.value.stringValue == "/etc/sniffer-bridge/mappings/*.toml")
        try ConfigKeys.checkKnown(table)

        // Mount paths agree with the config.
        let deployment = try #require(manifests["deployment.yaml"]?.first)
        let mounts = try #require(Self.dig(deployment, "spec", "template", "spec", "containers", 0, "volumeMounts") as? [[String: Any]])
        let mountPaths = Set(mounts.compactMap { $0["mountPath"] as? String })
        #expect(mountPaths.isSuperset(of: ["/etc/sniffer-bridge/config", "/etc/sniffer-bridge/mappings", "/var/lib/sniffer-bridge"]))

        let secretKeys = Set((Self.dig(manifests["secret.yaml"]?.first, "stringData") as? [String: String])?.keys.map { $0 } ?? [])
        let referenced = ConfigKeys.environmentReferences(in: config)
        #expect(!referenced.isEmpty)
        #expect(referenced.isSubset(of: secretKeys), "not in the Secret: \(referenced.subtracting(secretKeys).sorted())")

        let mappings = try #require(maps.compactMap { $0["data"] as? [String: String] }.last)
        #expect(!mappings.isEmpty)
        for (name, text) in mappings {
            #expect(name.hasSuffix(".toml"))
            let mapping = try TOML.parse(text)
            #expect(mapping["rule"]?.value.arrayValue?.isEmpty == false, "\(name) has no [[rule]]")
        }
    }

    @Test func secretHoldsOnlyMarkedPlaceholders() throws {
        let secret = try #require(try Self.load()["secret.yaml"]?.first)
        let values = try #require(Self.dig(secret, "stringData") as? [String: String])
        #expect(values["SNIFFER_API_TOKEN"]?.hasPrefix("sniffer_") == true)
        for (key, value) in values { #expect(value.contains("REPLACE_ME"), "\(key) is not a marked placeholder") }
    }
}

/// deploy/kubernetes/replicated: three replicas on one PostgreSQL.
@Suite("Kubernetes manifests, replicated on PostgreSQL")
struct ReplicatedManifestTests {
    static func documents(_ name: String) throws -> [[String: Any]] {
        let path = DeployFiles.url("kubernetes/replicated/" + name).path
        let script = "import json, sys, yaml; json.dump(list(yaml.safe_load_all(open(sys.argv[1], encoding='utf-8'))), sys.stdout)"
        for python in ExternalCommand.findAll("python3", extraFolders: ["/usr/bin"]) {
            let result = try ExternalCommand.run(python, ["-c", script, path])
            if result.status == 0, let list = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Any] {
                return list.compactMap { $0 as? [String: Any] }
            }
        }
        throw KubernetesManifestTests.YAMLUnavailable(detail: "no python3 with PyYAML parsed \(path)")
    }

    @Test func threeReplicasRollOneAtATimeAndTwoSurviveADrain() throws {
        let docs = try Self.documents("deployment.yaml")
        let deployment = try #require(docs.first { $0["kind"] as? String == "Deployment" })
        #expect(KubernetesManifestTests.dig(deployment, "spec", "replicas") as? Int == 3)
        #expect(KubernetesManifestTests.dig(deployment, "spec", "strategy", "type") as? String == "RollingUpdate")
        #expect(KubernetesManifestTests.dig(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable") as? Int == 0)
        let budget = try #require(docs.first { $0["kind"] as? String == "PodDisruptionBudget" })
        #expect(KubernetesManifestTests.dig(budget, "spec", "minAvailable") as? Int == 2)
        let volumes = try #require(KubernetesManifestTests.dig(deployment, "spec", "template", "spec", "volumes") as? [[String: Any]])
        #expect(!volumes.contains { $0["persistentVolumeClaim"] != nil }, "no replica owns a volume")
        #expect(volumes.contains { KubernetesManifestTests.dig($0, "secret", "secretName") as? String == "sniffer-bridge-database" })
    }

    @Test func theConfigIsPostgresWithItsURLFromTheMountedSecret() throws {
        let map = try #require(try Self.documents("configmap.yaml").first)
        let config = try #require(KubernetesManifestTests.dig(map, "data", "bridge.toml") as? String)
        let table = try TOML.parse(config)
        try ConfigKeys.checkKnown(table)
        let store = try #require(table["store"]?.value.tableValue)
        #expect(store["backend"]?.value.stringValue == "postgres")
        let urlFile = try #require(store["url_file"]?.value.stringValue)
        let deployment = try #require(try Self.documents("deployment.yaml").first)
        let mounts = try #require(
            KubernetesManifestTests.dig(deployment, "spec", "template", "spec", "containers", 0, "volumeMounts") as? [[String: Any]])
        let folder = try #require(mounts.first { $0["name"] as? String == "database" }?["mountPath"] as? String)
        let secret = try #require(try Self.documents("secret.yaml").first)
        let keys = (KubernetesManifestTests.dig(secret, "stringData") as? [String: String]) ?? [:]
        #expect(keys.keys.contains { folder + "/" + $0 == urlFile }, "\(urlFile) is not a key of the mounted Secret")
        #expect(keys.values.allSatisfy { $0.contains("REPLACE_ME") && $0.hasPrefix("postgresql://") })
    }
}
