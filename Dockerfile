# TomDashboard: build with the SDK, run on the ASP.NET runtime as a non-root user on port 8080.
# The SQLite file lives in /app/App_Data: mount a volume there to keep targets and queries.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The image pins the SDK; global.json is left out so a newer patch band in the image still builds.
COPY Directory.Build.props Directory.Packages.props .editorconfig appsettings.json ./
COPY TomDashboard/TomDashboard.csproj TomDashboard/
RUN dotnet restore TomDashboard/TomDashboard.csproj
COPY TomDashboard/ TomDashboard/
RUN dotnet publish TomDashboard/TomDashboard.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# curl for the HEALTHCHECK below; the aspnet image ships no HTTP client.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /app ./
# The aspnet image ships the unprivileged user "app"; it owns only the data folder.
RUN mkdir -p /app/App_Data && chown app:app /app/App_Data
USER app
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# Ready, not just alive: the database answers and every migration is applied (a failing stream only degrades it).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD curl --fail --silent http://localhost:8080/health/ready || exit 1
VOLUME ["/app/App_Data"]
ENTRYPOINT ["dotnet", "TomDashboard.dll"]
