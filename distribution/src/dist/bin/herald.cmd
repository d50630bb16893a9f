@echo off
rem The herald command: herald serve | pub | sub ... (herald --help says more).
rem It runs on a Java 21 or newer: JAVA_HOME if set, else the java on PATH.
rem JAVA_OPTS passes options to the JVM.
setlocal
set "HERALD_HOME=%~dp0.."
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java.exe"

set "JAVA_VERSION="
for /f "tokens=3" %%v in ('"%JAVA%" -version 2^>^&1 ^| findstr /i "version"') do set "JAVA_VERSION=%%~v"
if not defined JAVA_VERSION goto nojava
for /f "delims=.-+" %%m in ("%JAVA_VERSION%") do set "JAVA_MAJOR=%%m"
if %JAVA_MAJOR% LSS 21 goto nojava

"%JAVA%" %JAVA_OPTS% "-Djava.util.logging.config.file=%HERALD_HOME%\conf\logging.properties" -p "%HERALD_HOME%\lib" -m dev.herald.cli %*
exit /b %ERRORLEVEL%

:nojava
echo herald: needs Java 21 or newer, and "%JAVA%" is %JAVA_VERSION%. Install one, or set JAVA_HOME to it. 1>&2
exit /b 1
