using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Brokers;

/// <summary>The survey a broker query is about, for brokers that serve both (ALeRCE, Lasair, Fink).</summary>
public enum Survey
{
    [Display(Name = "ZTF")]
    Ztf,

    [Display(Name = "LSST (Rubin)")]
    Lsst,
}
