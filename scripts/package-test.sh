#!/usr/bin/env bash
# Package test: packs StorageTyped and StorageTyped.Cli into a local folder and uses them as a user does, outside the
# repository: a fresh console project gets `dotnet add package StorageTyped`, writes runs with a [RunParameters]
# record (the generator from the package) and dynamic SaveParam/SaveNp, reads them back through
# StorageManagerGroup<T>, and the runs tool, installed from the same folder, lists them. Python's configparser reads
# the config.ini files. Any difference is a failure (exit 1) with the output that differed.
#
#   scripts/package-test.sh              builds src/Storage and src/Storage.Cli (Release) first if needed
#   scripts/package-test.sh --no-build   packs what the last Release build left (scripts/test.sh, right after it)
#   PACKAGE_TEST_KEEP=1 scripts/package-test.sh   keeps the work folder (it is always kept after a failure)
#
# The packages get a version of their own (<Version>-test.<time>.<pid>) and the consumer restores into a private
# packages folder (the machine's global folder is only a read-only fallback for the dependencies), so no StorageTyped
# from an earlier run or cache can be taken, and nothing of this test stays in the machine's NuGet cache.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
started=$SECONDS
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build_flag=()
if [ "${1:-}" = "--no-build" ]; then build_flag=(--no-build); fi

fail() {
  echo "scripts/package-test.sh: FAILED: $*" >&2
  exit 1
}
step() { echo "scripts/package-test.sh: [$((SECONDS - started)) s] $*"; }

python=/usr/bin/python3
[ -x "$python" ] || fail "$python is missing (scripts/test.sh installs it)"
command -v unzip >/dev/null 2>&1 || fail "unzip is missing (scripts/test.sh installs it)"

# A work folder outside the repository, so that no Directory.Build.props, Directory.Packages.props, global.json or
# nuget.config of the repository applies to the consumer.
base="$(realpath -m "${TMPDIR:-/tmp}")"
case "$base/" in "$repo"/*) base=/tmp ;; esac
mkdir -p "$base"
work="$(mktemp -d "$base/storagetyped-package.XXXXXX")"
cleanup() {
  status=$?
  if [ $status -eq 0 ] && [ -z "${PACKAGE_TEST_KEEP:-}" ]; then rm -rf "$work"; else echo "scripts/package-test.sh: work folder kept: $work" >&2; fi
}
trap cleanup EXIT
feed="$work/feed" consumer="$work/consumer" data="$work/consumer/Data" tools="$work/tools"
mkdir -p "$feed" "$consumer" "$tools"

base_version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)"
version="${base_version:-0.0.0}-test.$(date -u +%Y%m%d%H%M%S).$$"
# The registry the dependencies come from: the sources of the repository's nuget.config.
mapfile -t sources < <(sed -n 's:.*<add key="[^"]*" value="\([^"]*\)".*:\1:p' nuget.config)
[ ${#sources[@]} -gt 0 ] || fail "no package source found in nuget.config"
machine_packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
[ -n "$machine_packages" ] || fail "dotnet nuget locals printed no global-packages folder"

# --- pack -----------------------------------------------------------------------------------------------------------
step "packing StorageTyped and StorageTyped.Cli $version into $feed"
dotnet pack src/Storage -c Release -o "$feed" -p:PackageVersion="$version" "${build_flag[@]}" -v q -nologo >"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; fail "dotnet pack src/Storage"; }
# The runs tool as it ships (src/Storage.Cli/Storage.Cli.csproj): a pointer package, the NativeAOT package for
# linux-x64 and the framework-dependent fallback ("any") for every other platform. The two RID-specific packs build
# for their own runtime identifier, so they never take --no-build.
dotnet pack src/Storage.Cli -c Release -o "$feed" -p:PackageVersion="$version" "${build_flag[@]}" -v q -nologo >>"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; fail "dotnet pack src/Storage.Cli"; }
step "packing the runs tool: NativeAOT for linux-x64"
dotnet pack src/Storage.Cli -c Release -r linux-x64 -o "$feed" -p:PackageVersion="$version" -v q -nologo >>"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; fail "dotnet pack src/Storage.Cli -r linux-x64"; }
step "packing the runs tool: the framework-dependent fallback"
dotnet pack src/Storage.Cli -c Release -r any -p:PublishAot=false -o "$feed" -p:PackageVersion="$version" -v q -nologo >>"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; fail "dotnet pack src/Storage.Cli -r any"; }
if grep -E -i ': warning ' "$work/pack.log"; then fail "dotnet pack printed warnings (above)"; fi
for package in StorageTyped.Cli.linux-x64 StorageTyped.Cli.any; do
  [ -f "$feed/$package.$version.nupkg" ] || fail "$package.$version.nupkg was not written"
done

nupkg="$feed/StorageTyped.$version.nupkg"
[ -f "$nupkg" ] || fail "$nupkg was not written"
[ -f "$feed/StorageTyped.$version.snupkg" ] || fail "no symbol package StorageTyped.$version.snupkg"
[ -f "$feed/StorageTyped.Cli.$version.nupkg" ] || fail "StorageTyped.Cli.$version.nupkg was not written"
listing="$(unzip -Z1 "$nupkg")"
for entry in lib/net10.0/StorageTyped.dll lib/net10.0/StorageTyped.xml analyzers/dotnet/cs/StorageTyped.Generators.dll \
  analyzers/dotnet/cs/StorageTyped.CodeFixes.dll README.md LICENSE StorageTyped.nuspec THIRD-PARTY-NOTICES/uPlot/LICENSE; do
  grep -qx "$entry" <<<"$listing" || { echo "$listing"; fail "the package lacks $entry"; }
done
if grep -E '^(lib|analyzers)/.*(Microsoft\.CodeAnalysis|PolySharp)' <<<"$listing"; then fail "Roslyn assemblies in the package"; fi
nuspec="$(unzip -p "$nupkg" StorageTyped.nuspec)"
if grep -E -i 'dependency id="(StorageTyped\.(Generators|CodeFixes)|Microsoft\.CodeAnalysis|PolySharp)' <<<"$nuspec"; then
  fail "the generator or Roslyn is a dependency of StorageTyped (nuspec above)"
fi
for field in '<license type="expression">MIT</license>' '<readme>README.md</readme>' \
  '<repository type="git" url="https://github.com/storagetyped/StorageTyped"' '<projectUrl>' '<description>' '<tags>'; do
  grep -qF "$field" <<<"$nuspec" || { echo "$nuspec"; fail "the nuspec lacks $field"; }
done
# The dependency list, exactly: what the library uses, each for compiling against; and Microsoft.NET.StringTools,
# which no code uses, only as the version Directory.Packages.props pins for MessagePack (transitive pinning packs it
# without compile assets, so a consumer never builds against it).
dependencies="$(grep -o '<dependency [^>]*>' <<<"$nuspec" | sed -E 's/.*id="([^"]*)".*(exclude|include)="([^"]*)".*/\1 \2=\3/' | sort)"
expected_dependencies="FFMpegCore exclude=Build,Analyzers
MessagePack exclude=Build,Analyzers
Microsoft.Extensions.Logging.Abstractions exclude=Build,Analyzers
Microsoft.NET.StringTools exclude=Compile,Build,Analyzers
NumSharp exclude=Build,Analyzers
System.IO.Hashing exclude=Build,Analyzers"
[ "$dependencies" = "$expected_dependencies" ] || { echo "$nuspec"; fail "the package's dependencies are
$dependencies
instead of
$expected_dependencies"; }
unzip -p "$feed/StorageTyped.Cli.$version.nupkg" StorageTyped.Cli.nuspec | grep -q '<packageType name="DotnetTool"' \
  || fail "StorageTyped.Cli is not a DotnetTool package"

# --- a consumer project outside the repository --------------------------------------------------------------------
step "creating a console project in $consumer"
cd "$consumer"
# Stop MSBuild's walk up for these files here, whatever lies above the temporary folder.
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' >"$f"; done
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo "  <config><add key=\"globalPackagesFolder\" value=\"$work/packages\" /></config>"
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"local\" value=\"$feed\" />"
  for i in "${!sources[@]}"; do echo "    <add key=\"registry$i\" value=\"${sources[$i]}\" />"; done
  echo '  </packageSources>'
  echo "  <fallbackPackageFolders><clear /><add key=\"machine\" value=\"$machine_packages\" /></fallbackPackageFolders>"
  echo '</configuration>'
} >nuget.config
export NUGET_PACKAGES="$work/packages"

dotnet new console --name Consumer --output . --framework net10.0 >"$work/new.log" 2>&1 \
  || { cat "$work/new.log"; fail "dotnet new console"; }
dotnet add package StorageTyped --version "$version" >"$work/add.log" 2>&1 \
  || { cat "$work/add.log"; fail "dotnet add package StorageTyped --version $version"; }
[ -d "$work/packages/storagetyped/$version" ] || { cat "$work/add.log"; fail "StorageTyped $version was not restored from $feed"; }

cat >Program.cs <<'EOF'
using Consumer;
using StorageTyped;

// A small sweep: typed parameters through the generated code, a few dynamic ones and an array beside them.
var options = new StorageOptions { DataFolder = args[0] };
(int Neurons, double? Score)[] sweep = [(100, null), (500, 0.9), (2000, 0.5), (4000, 0.7)];
for (int i = 0; i < sweep.Length; i++)
{
    var sm = new StorageManager("Sweep", options: options);
    sm.SaveParams(new SweepParams { NumberOfNeurons = sweep[i].Neurons, LearningRate = 0.01 * (i + 1), Score = sweep[i].Score });
    sm.SaveParam("comment", $"run {i}");
    sm.SaveParam("use_gpu", i % 2 == 0);
    sm.SaveNp("weights", Enumerable.Range(0, sweep[i].Neurons / 100).Select(x => x * 0.5).ToArray());
    Console.WriteLine($"saved {Path.GetFileName(sm.Path)}");
}

var smg = new StorageManagerGroup<SweepParams>("Sweep", options: options);
foreach (Run<SweepParams> run in smg.Where(p => p.NumberOfNeurons > 100).OrderBy(p => p.Score))
{
    SweepParams p = run.Parameters;
    Console.WriteLine($"typed {SweepParams.Keys.NumberOfNeurons}={p.NumberOfNeurons} {SweepParams.Keys.LearningRate}={p.LearningRate} "
        + $"score={p.Score} weights={run.Storage.LoadNp<double>("weights").Length} comment={run.Storage.LoadParam("comment")}");
}
var query = from p in smg where p.Score is null select p.NumberOfNeurons;
Console.WriteLine($"unfinished {string.Join(",", query)}");
Console.WriteLine($"untyped {string.Join(",", smg.Untyped["number_of_neurons>=2000"])}");
string report = smg.Untyped.WriteReport(Path.Combine(args[0], "report.html"), new ReportOptions { Metrics = ["score"] });   // the report's page and uPlot come with the package
Console.WriteLine($"report {File.ReadAllText(report).Contains("Leon Sorokin")}");
if (args.Length > 1) smg.Untyped.SortBy("scroe"); // STG004 on purpose: the analyzers from the package are at work

namespace Consumer
{
    [RunParameters]
    public partial record SweepParams
    {
        public int NumberOfNeurons { get; init; } = 100;
        [IniKey("lr")] public double LearningRate { get; init; }
        public double? Score { get; init; }
    }
}
EOF

step "building the consumer"
dotnet build -c Release -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "the consumer does not build"; }
# The package's analyzers run in the consumer's build: STG004 names the misspelled key with a suggestion, and not
# the dynamic keys comment and use_gpu, which are far from every key of the record; no other warning.
stg004="$(sed -n "s/.*warning STG004: '\([^']*\)'.*/\1/p" "$work/build.log" | LC_ALL=C sort -u | tr '\n' ' ')"
[ "$stg004" = "scroe " ] \
  || { cat "$work/build.log"; fail "STG004 named '$stg004', expected 'scroe ' (comment and use_gpu are dynamic keys far from every typed key): the package's analyzers did not run as they should"; }
grep -q "warning STG004: 'scroe'.*did you mean 'score' (SweepParams.Keys.Score)" "$work/build.log" \
  || { cat "$work/build.log"; fail "STG004 did not suggest SweepParams.Keys.Score for 'scroe'"; }
if grep -E ': warning ' "$work/build.log" | grep -v 'warning STG004'; then fail "the consumer's build printed other warnings (above)"; fi

step "running it"
actual="$(dotnet bin/Release/net10.0/Consumer.dll "$data" 2>&1)" || { echo "$actual"; fail "the consumer failed"; }
expected="saved Sweep1
saved Sweep2
saved Sweep3
saved Sweep4
typed number_of_neurons=2000 lr=0.03 score=0.5 weights=20 comment=run 2
typed number_of_neurons=4000 lr=0.04 score=0.7 weights=40 comment=run 3
typed number_of_neurons=500 lr=0.02 score=0.9 weights=5 comment=run 1
unfinished 100
untyped 2000,4000
report True"
[ "$actual" = "$expected" ] || fail "the consumer printed
$actual
--- expected:
$expected"

# config.ini as Python reads it: snake_case keys from the record, dynamic keys beside them, str() values.
"$python" - "$data/StorageManager/Sweep" <<'EOF' || fail "config.ini files differ (above)"
import configparser, os, sys
main = sys.argv[1]
expected = {
    "Sweep1": {"number_of_neurons": "100", "lr": "0.01", "score": "None", "comment": "run 0", "use_gpu": "True"},
    "Sweep2": {"number_of_neurons": "500", "lr": "0.02", "score": "0.9", "comment": "run 1", "use_gpu": "False"},
    "Sweep3": {"number_of_neurons": "2000", "lr": "0.03", "score": "0.5", "comment": "run 2", "use_gpu": "True"},
    "Sweep4": {"number_of_neurons": "4000", "lr": "0.04", "score": "0.7", "comment": "run 3", "use_gpu": "False"},
}
runs = sorted(d for d in os.listdir(main) if os.path.isdir(os.path.join(main, d)) and not d.startswith("."))
bad = [] if runs == sorted(expected) else [f"run folders {runs}, expected {sorted(expected)}"]
for run, values in expected.items():
    config = configparser.ConfigParser()
    if not config.read(os.path.join(main, run, "config.ini")):
        bad.append(f"{run}: no config.ini"); continue
    got = dict(config["Parameters"])
    float(got.pop("time", "missing"))  # the creation time, Unix seconds
    if got != values: bad.append(f"{run}: {got} != {values}")
    if not os.path.isfile(os.path.join(main, run, "weights.npy")): bad.append(f"{run}: no weights.npy")
print("\n".join(bad)) if bad else None
sys.exit(1 if bad else 0)
EOF

# --- the runs tool from the same folder, as shipped ---------------------------------------------------------------
# Where a native package fits (here: linux-x64), `dotnet tool install` takes it: a NativeAOT executable that needs no
# .NET runtime. The fallback package is installed on its own and must give the same answers.
check_tool() { # <tools folder> <what>
  local runs="$1/runs" what="$2" actual expected
  [ -x "$runs" ] || fail "the $what tool installed no 'runs' command"
  actual="$("$runs" list Sweep --data "$data" --format csv --columns number_of_neurons,lr,score,use_gpu --sort number_of_neurons 2>&1)" \
    || { echo "$actual"; fail "runs list failed ($what)"; }
  expected="run,number_of_neurons,lr,score,use_gpu
Sweep1,100,0.01,,True
Sweep2,500,0.02,0.9,False
Sweep3,2000,0.03,0.5,True
Sweep4,4000,0.04,0.7,False"
  [ "$(tr -d '\r' <<<"$actual")" = "$expected" ] || fail "runs list ($what) printed
$actual
--- expected:
$expected"
  actual="$("$runs" list Sweep --data "$data" --format csv --columns score --where "number_of_neurons>=2000" --sort score --desc 2>&1)" \
    || { echo "$actual"; fail "runs list --where failed ($what)"; }
  [ "$(tr -d '\r' <<<"$actual")" = $'run,score\nSweep4,0.7\nSweep3,0.5' ] || fail "runs list --where ($what) printed
$actual"
  "$runs" export Sweep --data "$data" -o "$work/$what.parquet" >/dev/null 2>&1 || fail "runs export -o .parquet failed ($what)"
  "$runs" plot Sweep --data "$data" --x number_of_neurons --y score -o "$work/$what.png" >/dev/null 2>&1 || fail "runs plot failed ($what)"
  [ -s "$work/$what.png" ] || fail "runs plot ($what) wrote no image"
}
step "installing the runs tool (native where a native package fits)"
dotnet tool install --tool-path "$tools" StorageTyped.Cli --version "$version" --add-source "$feed" >"$work/tool.log" 2>&1 \
  || { cat "$work/tool.log"; fail "dotnet tool install StorageTyped.Cli --version $version"; }
native="$(readlink -f "$tools/runs")"
case "$native" in */storagetyped.cli.linux-x64/*) ;; *) fail "dotnet tool install took $native, not the linux-x64 NativeAOT package" ;; esac
head -c 4 "$native" | grep -q $'\x7fELF' || fail "$native is not a native executable"
[ ! -e "$(dirname "$native")/runs.dll" ] || fail "the native package holds runs.dll: it was not compiled ahead of time"
check_tool "$tools" native
step "installing the framework-dependent fallback"
dotnet tool install --tool-path "$work/tools-any" StorageTyped.Cli.any --version "$version" --add-source "$feed" >>"$work/tool.log" 2>&1 \
  || { cat "$work/tool.log"; fail "dotnet tool install StorageTyped.Cli.any --version $version"; }
[ -n "$(find "$work/tools-any/.store" -name runs.dll)" ] || fail "the fallback package holds no runs.dll"
check_tool "$work/tools-any" framework-dependent
cmp "$work/native.parquet" "$work/framework-dependent.parquet" || fail "the native tool's Parquet file differs from the framework-dependent tool's"

step "OK: StorageTyped $version from a local feed: typed and dynamic runs written, read back, listed by the runs tool (native and framework-dependent)"
